#include <cstdio>
#include <algorithm>
using namespace std;

int dp[50005];

int main() {
    int n, m, c[25];
    scanf("%d%d", &n, &m);
    for (int i = 0; i < m; i++) scanf("%d", &c[i]);
    for (int j = 1; j <= n; j++) dp[j] = 1000000000;
    for (int j = 1; j <= n; j++)
        for (int i = 0; i < m; i++)
            if (c[i] <= j) dp[j] = min(dp[j], dp[j - c[i]] + 1);
    printf("%d\n", dp[n]);
    return 0;
}
