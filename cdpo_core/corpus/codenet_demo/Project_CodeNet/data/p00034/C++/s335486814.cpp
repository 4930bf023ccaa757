#include <bits/stdc++.h>
using namespace std;
vector<vector<pair<int,int>>> g;
long long best = 0;
void dfs(int v, int p, long long d) {
    best = max(best, d);
    for (auto &e : g[v]) if (e.first != p) dfs(e.first, v, d + e.second);
}
int main() {
    int n;
    cin >> n;
    g.resize(n + 1);
    for (int i = 1; i < n; i++) {
        int a, b, w;
        cin >> a >> b >> w;
        g[a].push_back({b, w});
        g[b].push_back({a, w});
    }
    dfs(1, 0, 0);
    cout << best << endl;
}
