#include <cstdio>
typedef long long ll;
const ll MOD = 1000000007;
ll f[2001];
int main() {
    f[0] = 1;
    for (int i = 1; i <= 2000; i++) f[i] = f[i - 1] * i % MOD;
    int q;
    scanf("%d", &q);
    while (q--) {
        int n, r;
        scanf("%d %d", &n, &r);
        if (r > n) { puts("0"); continue; }
        printf("%lld\n", f[n] / (f[r] * f[n - r] % MOD));
    }
    return 0;
}
