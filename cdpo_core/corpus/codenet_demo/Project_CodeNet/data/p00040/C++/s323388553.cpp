#include <cstdio>
const long long MOD = 1000000007;
int main() {
    int n;
    scanf("%d", &n);
    long long row[10005] = {1};
    for (int i = 1; i <= 2 * n; i++)
        for (int j = i; j >= 1; j--) row[j] = (row[j] + row[j - 1]) % MOD;
    printf("%lld\n", row[n]);
    return 0;
}
