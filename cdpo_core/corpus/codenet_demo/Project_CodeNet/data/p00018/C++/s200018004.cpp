#include <bits/stdc++.h>
using namespace std;

const int INF = 1 << 30;
int m;
vector<int> coin, memo;

int rec(int rest) {
    if (rest == 0) return 0;
    if (memo[rest] != -1) return memo[rest];
    int best = INF;
    for (int i = 0; i < m; i++)
        if (coin[i] <= rest) best = min(best, rec(rest - coin[i]) + 1);
    return memo[rest] = best;
}

int main() {
    int n;
    cin >> n >> m;
    coin.resize(m);
    for (int i = 0; i < m; i++) cin >> coin[i];
    sort(coin.rbegin(), coin.rend());
    memo.assign(n + 1, -1);
    for (int v = 1; v <= n; v++) rec(v);  // fill bottom-up to keep recursion shallow
    int ans = rec(n);
    cout << (ans >= INF ? -1 : ans) << endl;
}
