#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<vector<int>> g(n + 1);
    for (int i = 2; i <= n; ++i) {
        int p;
        cin >> p;
        g[p].push_back(i);
    }
    vector<int> depth(n + 1, 0);
    function<void(int)> visit = [&](int v) {
        for (int c : g[v]) {
            depth[c] = depth[v] + 1;
            visit(c);
        }
    };
    visit(1);
    ostringstream os;
    for (int i = 1; i <= n; ++i) os << depth[i] << (i == n ? "\n" : " ");
    cout << os.str();
}
