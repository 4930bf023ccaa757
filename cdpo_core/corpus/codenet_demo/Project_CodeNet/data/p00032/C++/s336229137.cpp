#include <iostream>
#include <vector>
using namespace std;
vector<int> par;
int root(int x) {
    while (par[x] != x) x = par[x];
    return x;
}
int main() {
    int n, q;
    cin >> n >> q;
    par.resize(n);
    for (int i = 0; i < n; i++) par[i] = i;
    for (int i = 0; i < q; i++) {
        int c, x, y;
        cin >> c >> x >> y;
        if (c == 0) {
            int rx = root(x), ry = root(y);
            if (rx != ry) par[ry] = rx;
        } else {
            cout << (root(x) == root(y) ? 1 : 0) << endl;
        }
    }
}
