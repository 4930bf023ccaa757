#include <cstdio>
#include <algorithm>

int dp[10005];

int main() {
    int n, m, c[25];
    scanf("%d %d", &n, &m);
    for (int i = 0; i < m; i++) scanf("%d", &c[i]);
    std::fill(dp, dp + n + 1, 1 << 29);
    dp[0] = 0;
    for (int i = 0; i < m; i++)
        for (int j = c[i]; j <= n; j++) dp[j] = std::min(dp[j], dp[j - c[i]] + 1);
    printf("%d\n", dp[n] >= (1 << 29) ? -1 : dp[n]);
    return 0;
}
