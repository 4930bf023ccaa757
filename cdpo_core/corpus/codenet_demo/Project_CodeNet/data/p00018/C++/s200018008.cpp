#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, m;
    cin >> n >> m;
    vector<int> c(m);
    for (int i = 0; i < m; i++) cin >> c[i];
    const int INF = 1e9;
    vector<int> dp(n + 1, INF);
    dp[0] = 0;
    for (int i = 0; i < m; i++)
        for (int j = c[i]; j <= n; j++)
            dp[j] = min(dp[j], dp[j - c[i]] + 1);
    cout << (dp[n] >= INF ? -1 : dp[n]) << endl;
    return 0;
}
