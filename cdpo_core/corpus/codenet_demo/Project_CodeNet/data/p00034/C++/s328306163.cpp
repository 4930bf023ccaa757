#include <iostream>
#include <stack>
#include <utility>
#include <vector>

class Tree {
public:
    explicit Tree(int n) : n_(n), adj_(n + 1) {}
    void addEdge(int a, int b, long long w) {
        adj_[a].push_back({b, w});
        adj_[b].push_back({a, w});
    }
    // (vertex, distance) of a farthest vertex from src, by explicit-stack DFS
    std::pair<int, long long> farthest(int src) const {
        std::vector<long long> d(n_ + 1, -1);
        std::stack<int> st;
        st.push(src);
        d[src] = 0;
        std::pair<int, long long> best{src, 0};
        while (!st.empty()) {
            int v = st.top();
            st.pop();
            if (d[v] > best.second) best = {v, d[v]};
            for (const Edge &e : adj_[v]) {
                if (d[e.to] >= 0) continue;
                d[e.to] = d[v] + e.w;
                st.push(e.to);
            }
        }
        return best;
    }

private:
    struct Edge {
        int to;
        long long w;
    };
    int n_;
    std::vector<std::vector<Edge>> adj_;
};

int main() {
    int n;
    std::cin >> n;
    Tree t(n);
    for (int i = 0; i + 1 < n; ++i) {
        int a, b;
        long long w;
        std::cin >> a >> b >> w;
        t.addEdge(a, b, w);
    }
    int end = t.farthest(1).first;
    std::cout << t.farthest(end).second << std::endl;
    return 0;
}
