#include <cstdio>

typedef long long ll;
const ll MOD = 1000000007LL;
ll fact[2005], ifact[2005];

ll power(ll b, ll e) {
    ll r = 1;
    b %= MOD;
    while (e > 0) {
        if (e & 1) r = r * b % MOD;
        b = b * b % MOD;
        e >>= 1;
    }
    return r;
}

int main() {
    fact[0] = 1;
    for (int i = 1; i <= 2000; i++) fact[i] = fact[i - 1] * i % MOD;
    ifact[2000] = power(fact[2000], MOD - 2);  // Fermat: a^(p-2) = a^-1
    for (int i = 2000; i > 0; i--) ifact[i - 1] = ifact[i] * i % MOD;
    int q;
    scanf("%d", &q);
    while (q--) {
        int n, r;
        scanf("%d %d", &n, &r);
        if (r < 0 || r > n) {
            puts("0");
            continue;
        }
        printf("%lld\n", fact[n] * ifact[r] % MOD * ifact[n - r] % MOD);
    }
    return 0;
}
