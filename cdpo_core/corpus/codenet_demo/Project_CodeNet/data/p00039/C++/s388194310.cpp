#include <cstdio>
const int MOD = 1000000007;
int C[2001][2001];
int main() {
    for (int i = 0; i <= 2000; i++) {
        C[i][0] = 1;
        for (int j = 1; j <= i; j++) C[i][j] = (C[i - 1][j - 1] + C[i - 1][j]) % MOD;
    int q;
    scanf("%d", &q);
    while (q--) {
        int n, r;
        scanf("%d %d", &n, &r);
        printf("%d\n", r > n ? 0 : C[n][r]);
    }
    return 0;
}
