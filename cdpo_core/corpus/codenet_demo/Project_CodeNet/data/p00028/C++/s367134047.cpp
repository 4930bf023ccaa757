#include <bits/stdc++.h>
#define REP(i,n) for(int i=0;i<(int)(n);++i)
#define ALL(v) (v).begin(),(v).end()
using namespace std;
typedef long long ll;
typedef vector<int> vi;

int H, W;
string B[100];

int main() {
  cin >> H >> W;
  REP(i, H) cin >> B[i];
  int N = H * W, src = -1, dst = -1;
  REP(i, H) REP(j, W) {
    if (B[i][j] == 'S') src = i * W + j;
    if (B[i][j] == 'G') dst = i * W + j;
  }
  vi d(N, INT_MAX);
  deque<int> dq;
  d[src] = 0;
  dq.push_back(src);
  while (!dq.empty()) {
    int v = dq.front(); dq.pop_front();
    int y = v / W, x = v % W;
    REP(k, 4) {
      int ny = y + "0211"[k] - '1', nx = x + "1102"[k] - '1';
      if (ny < 0 || ny >= H || nx < 0 || nx >= W || B[ny][nx] == '#') continue;
      int u = ny * W + nx;
      if (d[u] != INT_MAX) continue;
      d[u] = d[v] + 1;
      dq.push_back(u);
    }
  }
  ll ans = d[dst] == INT_MAX ? -1 : d[dst];
  cout << ans << endl;
  return 0;
}
