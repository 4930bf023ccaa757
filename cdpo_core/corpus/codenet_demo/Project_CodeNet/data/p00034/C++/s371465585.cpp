#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

vector<vector<pair<int, int>>> g;
vector<ll> dist;

void dfs(int v, int p, ll d) {
    dist[v] = d;
    for (auto [u, w] : g[v])
        if (u != p) dfs(u, v, d + w);
}

int main() {
    int n;
    cin >> n;
    g.resize(n + 1);
    for (int i = 0; i < n - 1; i++) {
        int a, b, w;
        cin >> a >> b >> w;
        g[a].push_back({b, w});
        g[b].push_back({a, w});
    }
    dist.assign(n + 1, 0);
    dfs(1, 0, 0);
    int far = max_element(dist.begin() + 1, dist.end()) - dist.begin();
    dfs(far, 0, 0);
    cout << *max_element(dist.begin() + 1, dist.end()) << endl;
    return 0;
}
