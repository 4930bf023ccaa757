#include <bits/stdc++.h>
using namespace std;
vector<int> par;
int find(int x) { return par[x] == x ? x : par[x] = find(par[x]); }
bool same(int a, int b) { return find(a) == find(b) }
int main() {
    int n, q;
    cin >> n >> q;
    par.resize(n);
    iota(par.begin(), par.end(), 0);
    while (q--) {
        int c, x, y;
        cin >> c >> x >> y;
        if (c == 0) par[find(x)] = find(y);
        else cout << same(x, y) << "\n";
    }
}
