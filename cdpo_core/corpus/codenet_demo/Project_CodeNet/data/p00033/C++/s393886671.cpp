#include <iostream>
#include <set>
#include <vector>
#include <climits>

int main() {
    int n, m;
    std::cin >> n >> m;
    std::vector<std::vector<std::pair<int, int>>> adj(n + 1);
    for (int i = 0; i < m; ++i) {
        int a, b, c;
        std::cin >> a >> b >> c;
        adj[a].emplace_back(b, c);
        adj[b].emplace_back(a, c);
    }
    // Prim with decrease-key on an ordered set
    std::vector<int> key(n + 1, INT_MAX);
    std::vector<bool> inTree(n + 1, false);
    std::set<std::pair<int, int>> pending;
    key[1] = 0;
    pending.insert({0, 1});
    long long weight = 0;
    while (!pending.empty()) {
        auto [k, v] = *pending.begin();
        pending.erase(pending.begin());
        inTree[v] = true;
        weight += k;
        for (auto [u, c] : adj[v]) {
            if (inTree[u] || c >= key[u]) continue;
            if (key[u] != INT_MAX) pending.erase({key[u], u});
            key[u] = c;
            pending.insert({c, u});
        }
    }
    std::cout << weight << '\n';
}
