#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, W;
    cin >> n >> W;
    vector<int> dp(W + 1, 0);
    for (int i = 0; i < n; i++) {
        int v, w;
        cin >> v >> w;
        for (int j = w; j <= W; j++) dp[j] = max(dp[j], dp[j - w] + v);
    }
    cout << dp[W] << endl;
}
