#include <bits/stdc++.h>
using namespace std;
int main() {
    int n, m;
    scanf("%d %d", &n, &m);
    vector<vector<int>> g(n);
    vector<int> indeg(n);
    for (int i = 0; i < m; i++) {
        int a, b;
        scanf("%d %d", &a, &b);
        g[a].push_back(b);
        indeg[b]++;
    }
    set<int> s;
    for (int v = 1; v <= n; v++) if (!indeg[v]) s.insert(v);
    vector<int> res;
    while (!s.empty()) {
        int v = *s.begin(); s.erase(s.begin());
        res.push_back(v);
        for (int u : g[v]) if (--indeg[u] == 0) s.insert(u);
    }
    if ((int)res.size() != n) { puts("-1"); return 0; }
    for (int i = 0; i < n; i++) printf("%d%c", res[i], i + 1 == n ? '\n' : ' ');
}
