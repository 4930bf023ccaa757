#include <bits/stdc++.h>
using namespace std;

struct UnionFind {
    vector<int> par, rnk;
    UnionFind(int n) : par(n), rnk(n, 0) {
        for (int i = 0; i < n; i++) par[i] = i;
    }
    int find(int x) {
        if (par[x] == x) return x;
        return par[x] = find(par[x]);
    }
    void unite(int x, int y) {
        x = find(x);
        y = find(y);
        if (x == y) return;
        if (rnk[x] < rnk[y]) swap(x, y);
        par[y] = x;
        if (rnk[x] == rnk[y]) rnk[x]++;
    }
    bool same(int x, int y) { return find(x) == find(y); }
};

int main() {
    int n, q;
    cin >> n >> q;
    UnionFind uf(n);
    while (q--) {
        int com, x, y;
        cin >> com >> x >> y;
        if (com == 0) uf.unite(x, y);
        else cout << (uf.same(x, y) ? 1 : 0) << "\n";
    }
    return 0;
}
