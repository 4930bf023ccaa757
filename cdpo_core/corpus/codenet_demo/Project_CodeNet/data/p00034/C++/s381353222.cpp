#include <bits/stdc++.h>
using namespace std;
using ll = long long;

int n;
vector<vector<pair<int, ll>>> G;
vector<ll> down1, down2, up;
vector<int> via;  // child through which down1 goes

void dfsDown(int v, int p) {
    for (auto &[u, w] : G[v]) {
        if (u == p) continue;
        dfsDown(u, v);
        ll c = down1[u] + w;
        if (c > down1[v]) {
            down2[v] = down1[v];
            down1[v] = c;
            via[v] = u;
        } else if (c > down2[v]) {
            down2[v] = c;
        }
    }
}

// rerooting: up[u] is the longest path leaving u through its parent
void dfsUp(int v, int p) {
    for (auto &[u, w] : G[v]) {
        if (u == p) continue;
        ll sideways = via[v] == u ? down2[v] : down1[v];
        up[u] = w + max(up[v], sideways);
        dfsUp(u, v);
    }
}

int main() {
    cin >> n;
    G.assign(n + 1, {});
    for (int i = 1; i < n; i++) {
        int a, b; ll w;
        cin >> a >> b >> w;
        G[a].push_back({b, w});
        G[b].push_back({a, w});
    }
    down1.assign(n + 1, 0); down2.assign(n + 1, 0); up.assign(n + 1, 0); via.assign(n + 1, 0);
    dfsDown(1, 0);
    dfsUp(1, 0);
    ll ecc = 0;
    for (int v = 1; v <= n; v++) ecc = max(ecc, max(down1[v], up[v]));
    cout << ecc << endl;
}
