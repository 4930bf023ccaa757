#include <cstdio>
#include <algorithm>

int a[1000], dp[1000];

int main() {
    int n;
    scanf("%d", &n);
    for (int i = 0; i < n; i++) scanf("%d", &a[i]);
    int len = 0;
    for (int i = 0; i < n; i++) {
        int k = std::lower_bound(dp, dp + len, a[i]) - dp;
        dp[k] = a[i];
        if (k == len) len++;
    }
    printf("%d\n", len);
    return 0;
}
