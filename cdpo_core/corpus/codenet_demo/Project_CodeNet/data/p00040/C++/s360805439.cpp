#include <cstdio>

typedef long long ll;
const ll P = 1000000007;

ll modpow(ll a, ll e) {
    ll r = 1;
    a %= P;
    while (e) {
        if (e & 1) r = r * a % P;
        a = a * a % P;
        e >>= 1;
    }
    return r;
}

int main() {
    int n;
    scanf("%d", &n);
    ll num = 1, den = 1;
    for (int i = 1; i <= 2 * n; i++) num = num * i % P;
    for (int i = 1; i <= n; i++) den = den * i % P;
    den = den * den % P * (n + 1) % P;
    // Catalan(n) = (2n)! / (n! * n! * (n + 1))
    printf("%lld\n", num * modpow(den, P - 2) % P);
    return 0;
}
