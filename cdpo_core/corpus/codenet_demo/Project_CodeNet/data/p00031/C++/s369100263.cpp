#include <bits/stdc++.h>
using namespace std;

int n, m;
vector<vector<int>> g;
vector<int> color;  // 0 = new, 1 = on stack, 2 = finished

bool hasCycle(int v) {
    color[v] = 1;
    for (int u : g[v]) {
        if (color[u] == 1) return true;
        if (color[u] == 0 && hasCycle(u)) return true;
    }
    color[v] = 2;
    return false;
}

int main() {
    cin >> n >> m;
    g.assign(n + 1, {});
    vector<int> indeg(n + 1, 0);
    for (int i = 0; i < m; i++) {
        int a, b;
        cin >> a >> b;
        g[a].push_back(b);
        indeg[b]++;
    }
    color.assign(n + 1, 0);
    for (int v = 1; v <= n; v++) {
        if (color[v] == 0 && hasCycle(v)) {
            cout << -1 << '\n';
            return 0;
        }
    }
    // acyclic: greedy smallest-available order
    priority_queue<int, vector<int>, greater<>> pq;
    for (int v = 1; v <= n; v++) if (!indeg[v]) pq.push(v);
    string sep;
    while (!pq.empty()) {
        int v = pq.top(); pq.pop();
        cout << sep << v;
        sep = " ";
        for (int u : g[v]) if (--indeg[u] == 0) pq.push(u);
    }
    cout << '\n';
}
