#include <cstdio>

int dp[10001];

int main(void)
{
    int n, W;
    scanf("%d %d", &n, &W);
    for (int i = 0; i < n; i++) {
        int v, w;
        scanf("%d %d", &v, &w);
        for (int j = W; j >= w; j--) {
            if (dp[j - w] + v > dp[j]) dp[j] = dp[j - w] + v;
        }
    }
    printf("%d\n", dp[W]);
    return 0;
}
