#include <bits/stdc++.h>
using namespace std;

// iterative DP: BFS order from the root, then process vertices in reverse
int main() {
    int n;
    scanf("%d", &n);
    vector<vector<pair<int, int>>> g(n + 1);
    for (int i = 1; i < n; i++) {
        int a, b, w;
        scanf("%d %d %d", &a, &b, &w);
        g[a].emplace_back(b, w);
        g[b].emplace_back(a, w);
    }
    vector<int> order, par(n + 1, 0), pw(n + 1, 0);
    order.reserve(n);
    order.push_back(1);
    par[1] = -1;
    for (size_t i = 0; i < order.size(); i++) {
        int v = order[i];
        for (auto &[u, w] : g[v]) {
            if (u == par[v]) continue;
            par[u] = v;
            pw[u] = w;
            order.push_back(u);
        }
    }
    vector<long long> down(n + 1, 0);
    long long best = 0;
    for (int i = n - 1; i >= 0; i--) {
        int v = order[i];
        if (par[v] <= 0) continue;
        long long cand = down[v] + pw[v];
        best = max(best, down[par[v]] + cand);
        down[par[v]] = max(down[par[v]], cand);
    }
    printf("%lld\n", best);
    return 0;
}
