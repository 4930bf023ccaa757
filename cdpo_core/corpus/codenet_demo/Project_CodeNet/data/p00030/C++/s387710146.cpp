#include <iostream>
#include <optional>
#include <queue>
#include <vector>

class Graph {
public:
    explicit Graph(int n) : adj_(n + 1) {}
    void addEdge(int u, int v, long long w) { adj_[u].push_back({v, w}); }

    std::vector<std::optional<long long>> shortestFrom(int src) const {
        std::vector<std::optional<long long>> best(adj_.size());
        using Item = std::pair<long long, int>;
        std::priority_queue<Item, std::vector<Item>, std::greater<>> frontier;
        frontier.push({0, src});
        while (!frontier.empty()) {
            auto [d, u] = frontier.top();
            frontier.pop();
            if (best[u]) continue;  // first pop is final
            best[u] = d;
            for (const auto &[v, w] : adj_[u])
                if (!best[v]) frontier.push({d + w, v});
        }
        return best;
    }

private:
    struct Arc {
        int to;
        long long w;
    };
    std::vector<std::vector<Arc>> adj_;
};

int main() {
    int n, m, s;
    std::cin >> n >> m >> s;
    Graph g(n);
    for (int i = 0; i < m; ++i) {
        int u, v;
        long long w;
        std::cin >> u >> v >> w;
        g.addEdge(u, v, w);
    }
    auto res = g.shortestFrom(s);
    for (int v = 1; v <= n; ++v) {
        if (res[v]) std::cout << *res[v] << '\n';
        else std::cout << "INF\n";
    }
}
