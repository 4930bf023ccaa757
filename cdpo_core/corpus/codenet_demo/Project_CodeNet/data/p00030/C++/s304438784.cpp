#include <bits/stdc++.h>
using namespace std;
using ll = long long;

// SPFA: queue-based Bellman-Ford, re-queue a vertex whenever its distance improves
int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m, s;
    cin >> n >> m >> s;
    vector<vector<pair<int, ll>>> adj(n + 1);
    while (m--) {
        int a, b; ll c;
        cin >> a >> b >> c;
        adj[a].emplace_back(b, c);
    }
    vector<ll> d(n + 1, -1);
    vector<char> inq(n + 1, 0);
    queue<int> q;
    d[s] = 0;
    q.push(s);
    inq[s] = 1;
    while (!q.empty()) {
        int u = q.front(); q.pop();
        inq[u] = 0;
        for (auto &e : adj[u]) {
            ll nd = d[u] + e.second;
            if (d[e.first] < 0 || nd < d[e.first]) {
                d[e.first] = nd;
                if (!inq[e.first]) { inq[e.first] = 1; q.push(e.first); }
            }
        }
    }
    for (int i = 1; i <= n; i++) {
        if (d[i] < 0) cout << "INF" << '\n';
        else cout << d[i] << '\n';
    }
}
