#include <bits/stdc++.h>
using namespace std;

int main() {
  int n;
  scanf("%d", &n);
  vector<int> par(n + 1, 0), d(n + 1, -1);
  for (int i = 2; i <= n; i++) scanf("%d", &par[i]);
  d[1] = 0;
  vector<int> path;
  for (int v = 1; v <= n; v++) {
    // climb until a vertex with a known depth, then fill the path on the way back
    int u = v;
    while (d[u] < 0) {
      path.push_back(u);
      u = par[u];
    }
    int base = d[u];
    while (!path.empty()) {
      d[path.back()] = ++base;
      path.pop_back();
    }
  }
  for (int v = 1; v <= n; v++) printf("%d%s", d[v], v == n ? "\n" : " ");
  return 0;
}
