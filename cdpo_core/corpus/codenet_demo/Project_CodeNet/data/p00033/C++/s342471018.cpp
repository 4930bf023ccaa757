#include <bits/stdc++.h>
using namespace std;
int par[10005];
int find(int x) { return par[x] == x ? x : par[x] = find(par[x]); }
int main() {
    int n, m;
    cin >> n >> m;
    vector<tuple<int, int, int>> e;
    for (int i = 0; i < m; i++) {
        int u, v, w;
        cin >> u >> v >> w;
        e.push_back({w, u, v});
    }
    sort(e.begin(), e.end(), greater<int>());
    for (int i = 1; i <= n; i++) par[i] = i;
    long long ans = 0;
    for (auto [w, u, v] : e) {
        int a = find(u), b = find(v);
        if (a != b) { par[a] = b; ans += w; }
    }
    cout << ans << endl;
}
