#include <bits/stdc++.h>
using namespace std;

int main() {
  ios_base::sync_with_stdio(false);
  cin.tie(NULL);
  int n, m;
  cin >> n >> m;
  // duplicate requirements are collapsed so in-degrees count distinct predecessors
  vector<set<int>> after(n + 1);
  for (int i = 0; i < m; ++i) {
    int a, b;
    cin >> a >> b;
    after[a].insert(b);
  }
  vector<int> indeg(n + 1);
  for (int v = 1; v <= n; ++v)
    for (int u : after[v]) ++indeg[u];
  auto cmp = [](int a, int b) { return a > b; };
  priority_queue<int, vector<int>, decltype(cmp)> avail(cmp);
  for (int v = 1; v <= n; ++v)
    if (indeg[v] == 0) avail.push(v);
  vector<int> res;
  while (!avail.empty()) {
    int v = avail.top();
    avail.pop();
    res.push_back(v);
    for (int u : after[v])
      if (--indeg[u] == 0) avail.push(u);
  }
  if ((int)res.size() < n) {
    cout << -1 << "\n";
  } else {
    for (int i = 0; i < n; ++i) cout << res[i] << " \n"[i == n - 1];
  }
  return 0;
}
