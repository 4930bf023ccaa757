#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, m;
    cin >> n >> m;
    vector<int> coins(m);
    for (int i = 0; i < m; i++) cin >> coins[i];
    vector<int> dp(n + 1, INT_MAX / 2);
    dp[0] = 0;
    for (int c : cions)
        for (int j = c; j <= n; j++) dp[j] = min(dp[j], dp[j - c] + 1);
    cout << (dp[n] >= INT_MAX / 2 ? -1 : dp[n]) << endl;
}
