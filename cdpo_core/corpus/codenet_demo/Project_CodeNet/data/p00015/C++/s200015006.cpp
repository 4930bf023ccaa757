#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, W;
    cin >> n >> W;
    vector<pair<int, int>> items(n);
    for (auto &[v, w] : items) cin >> v >> w;
    vector<vector<int>> memo(n + 1, vector<int>(W + 1, -1));
    function<int(int, int)> go = [&](int i, int cap) -> int {
        if (i == n) return 0;
        if (memo[i][cap] != -1) return memo[i][cap];
        int r = go(i + 1, cap);
        if (items[i].second <= cap) r = max(r, items[i].first + go(i + 1, cap - items[i].second));
        return memo[i][cap] = r;
    };
    cout << go(0, W) << endl;
}
