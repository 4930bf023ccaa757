#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

class MinimumSpanningTree {
public:
    MinimumSpanningTree(int n) : n_(n), group_(n + 1), members_(n + 1) {
        for (int v = 0; v <= n; ++v) {
            group_[v] = v;
            members_[v] = {v};
        }
    }
    void addEdge(int u, int v, int w) { edges_.push_back({w, u, v}); }

    ll solve() {
        sort(edges_.begin(), edges_.end());
        ll total = 0;
        for (const auto &e : edges_) {
            int a = group_[e[1]], b = group_[e[2]];
            if (a == b) continue;
            // relabel the smaller group into the larger one
            if (members_[a].size() < members_[b].size()) swap(a, b);
            for (int x : members_[b]) group_[x] = a;
            members_[a].insert(members_[a].end(), members_[b].begin(), members_[b].end());
            members_[b].clear();
            total += e[0];
        }
        return total;
    }

private:
    int n_;
    vector<int> group_;
    vector<vector<int>> members_;
    vector<array<int, 3>> edges_;
};

int main() {
    int n, m;
    cin >> n >> m;
    MinimumSpanningTree mst(n);
    for (int i = 0; i < m; ++i) {
        int u, v, w;
        cin >> u >> v >> w;
        mst.addEdge(u, v, w);
    }
    cout << mst.solve() << endl;
}
