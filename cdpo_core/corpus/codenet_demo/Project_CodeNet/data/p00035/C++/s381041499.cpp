#include <iostream>
#include <queue>
#include <vector>

class RootedTree {
public:
    explicit RootedTree(int n) : children_(n + 1) {}
    void setParent(int child, int parent) { children_[parent].push_back(child); }

    std::vector<int> depths(int root) const {
        std::vector<int> depth(children_.size(), 0);
        std::queue<int> frontier;
        frontier.push(root);
        while (!frontier.empty()) {
            const int v = frontier.front();
            frontier.pop();
            for (int c : children_[v]) {
                depth[c] = depth[v] + 1;
                frontier.push(c);
            }
        }
        return depth;
    }

private:
    std::vector<std::vector<int>> children_;
};

int main() {
    int n;
    std::cin >> n;
    RootedTree tree(n);
    for (int v = 2; v <= n; ++v) {
        int p;
        std::cin >> p;
        tree.setParent(v, p);
    }
    const auto depth = tree.depths(1);
    for (int v = 1; v <= n; ++v) std::cout << depth[v] << (v == n ? '\n' : ' ');
    return 0;
}
