#include <bits/stdc++.h>
#define rep(i, n) for (int i = 0; i < (n); i++)
using namespace std;
using P = pair<int, int>;

int H, W;
vector<string> S;
set<P> visited;

void go(P p) {
  visited.insert(p);
  static const P dir[] = {{0, 1}, {1, 0}, {0, -1}, {-1, 0}};
  for (const P &d : dir) {
    P q(p.first + d.first, p.second + d.second);
    if (q.first < 0 || q.first >= H || q.second < 0 || q.second >= W) continue;
    if (S[q.first][q.second] == '#' && !visited.count(q)) go(q);
  }
}

int main() {
  cin >> H >> W;
  S.resize(H);
  rep(i, H) cin >> S[i];
  int res = 0;
  rep(i, H) rep(j, W) {
    if (S[i][j] == '#' && !visited.count(P(i, j))) {
      go(P(i, j));
      res++;
    }
  }
  cout << res << endl;
  return 0;
}
