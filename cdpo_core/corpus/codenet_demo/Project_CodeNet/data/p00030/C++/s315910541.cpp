#include <bits/stdc++.h>
#define REP(i, n) for (int i = 0; i < (int)(n); ++i)
#define FOR(i, a, b) for (int i = (a); i <= (int)(b); ++i)
using namespace std;
typedef long long ll;

struct State {
  ll d;
  int v;
  bool operator<(const State &o) const { return d > o.d; }  // reversed: min-heap
};

int main() {
  int N, M, S;
  cin >> N >> M >> S;
  vector<vector<pair<int, ll>>> E(N + 1);
  REP(i, M) {
    int a, b;
    ll c;
    cin >> a >> b >> c;
    E[a].emplace_back(b, c);
  }
  vector<ll> D(N + 1, -1);
  priority_queue<State> pq;
  pq.push({0, S});
  while (!pq.empty()) {
    State cur = pq.top();
    pq.pop();
    if (D[cur.v] != -1) continue;
    D[cur.v] = cur.d;
    for (auto &e : E[cur.v])
      if (D[e.first] == -1) pq.push({cur.d + e.second, e.first});
  }
  FOR(i, 1, N) {
    if (D[i] == -1) cout << "INF" << endl;
    else cout << D[i] << endl;
  }
  return 0;
}
