#include <functional>
#include <iostream>
#include <queue>
#include <vector>

class TopoSorter {
public:
    explicit TopoSorter(int n) : n_(n), succ_(n + 1), indeg_(n + 1, 0) {}

    void require(int before, int after) {
        succ_[before].push_back(after);
        ++indeg_[after];
    }

    // Returns the lexicographically smallest order, or an empty vector on a cycle.
    std::vector<int> smallestOrder() const {
        std::vector<int> deg = indeg_;
        std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
        for (int v = 1; v <= n_; ++v)
            if (deg[v] == 0) ready.push(v);
        std::vector<int> order;
        order.reserve(n_);
        while (!ready.empty()) {
            int v = ready.top();
            ready.pop();
            order.push_back(v);
            for (int w : succ_[v])
                if (--deg[w] == 0) ready.push(w);
        }
        if (static_cast<int>(order.size()) != n_) order.clear();
        return order;
    }

private:
    int n_;
    std::vector<std::vector<int>> succ_;
    std::vector<int> indeg_;
};

int main() {
    int n, m;
    std::cin >> n >> m;
    TopoSorter sorter(n);
    for (int i = 0; i < m; ++i) {
        int a, b;
        std::cin >> a >> b;
        sorter.require(a, b);
    }
    const std::vector<int> order = sorter.smallestOrder();
    if (order.empty()) {
        std::cout << "-1\n";
        return 0;
    }
    for (std::size_t i = 0; i < order.size(); ++i)
        std::cout << order[i] << (i + 1 < order.size() ? " " : "\n");
}
