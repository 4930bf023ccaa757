#include <iostream>
#include <vector>
#include <algorithm>
#define REP(i, n) for (int i = 0; i < (int)(n); i++)
using namespace std;

class DisjointSet {
  public:
    DisjointSet(int n) : p(n), rank(n, 0) { REP(i, n) p[i] = i; }
    int findSet(int x) {
        if (x != p[x]) p[x] = findSet(p[x]);
        return p[x];
    }
    bool same(int x, int y) { return findSet(x) == findSet(y); }
    void unite(int x, int y) { link(findSet(x), findSet(y)); }

  private:
    vector<int> p, rank;
    void link(int x, int y) {
        if (x == y) return;
        if (rank[x] > rank[y]) {
            p[y] = x;
        } else {
            p[x] = y;
            if (rank[x] == rank[y]) rank[y]++;
        }
    }
};

int main() {
    int n, q;
    cin >> n >> q;
    DisjointSet ds(n);
    REP(i, q) {
        int com, x, y;
        cin >> com >> x >> y;
        if (com == 0) ds.unite(x, y);
        else if (com == 1) cout << (ds.same(x, y) ? 1 : 0) << endl;
    }
    return 0;
}
