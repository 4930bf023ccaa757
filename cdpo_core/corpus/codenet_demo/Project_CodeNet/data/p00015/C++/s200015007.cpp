#include <cstdio>
#include <algorithm>

int n, W;
int v[105], w[105];
int dp[105][105];

int main() {
    scanf("%d %d", &n, &W);
    for (int i = 0; i < n; i++) scanf("%d %d", &v[i], &w[i]);
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= W; j++) {
            dp[i + 1][j] = dp[i][j];
            if (j >= w[i]) dp[i + 1][j] = std::max(dp[i + 1][j], dp[i][j - w[i]] + v[i]);
        }
    printf("%d\n", dp[n][W]);
    return 0;
}
