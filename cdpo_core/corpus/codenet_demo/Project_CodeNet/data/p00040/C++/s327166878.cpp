#include <cstdio>
const int MOD = 1000000007;
long long dp[1001];
int main() {
    int n;
    scanf("%d", &n);
    dp[0] = 1;
    for (int i = 1; i <= n; i++)
        for (int j = 0; j < i; j++) dp[i] = (dp[i] + dp[j] * dp[i - 1 - j]) % MOD;
    printf("%lld\n", dp[n]);
    return 0;
}
