#include <iostream>
#include <vector>
using namespace std;
typedef long long ll;

int n, m, s;
vector<vector<pair<int, ll>>> g;
vector<ll> best;

// relaxes along every path without pruning revisits: exponential
void go(int u, ll d) {
    if (best[u] != -1 && best[u] <= d) return;
    best[u] = d;
    for (auto &e : g[u]) go(e.first, d + e.second);
}

int main() {
    cin >> n >> m >> s;
    g.assign(n + 1, {});
    for (int i = 0; i < m; i++) {
        int a, b; ll c;
        cin >> a >> b >> c;
        g[a].push_back({b, c});
    }
    best.assign(n + 1, -1);
    go(s, 0);
    for (int i = 1; i <= n; i++) {
        if (best[i] < 0) cout << "INF\n";
        else cout << best[i] << "\n";
    }
}
