#include <bits/stdc++.h>
using namespace std;

// dp[v] = min coins for v; only the last 500 values are needed
int main() {
    long long n;
    cin >> n;
    const int c[6] = {1, 5, 10, 50, 100, 500};
    vector<long long> dp(501, 0);
    for (long long v = 1; v <= n; v++) {
        long long best = LLONG_MAX;
        for (int x : c) {
            if (x <= v) best = min(best, dp[(v - x) % 501] + 1);
        }
        dp[v % 501] = best;
    }
    cout << dp[n % 501] << endl;
    return 0;
}
