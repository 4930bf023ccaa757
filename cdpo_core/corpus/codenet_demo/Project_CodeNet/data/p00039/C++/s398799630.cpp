#include <cstdio>
#include <vector>
using namespace std;

typedef long long ll;
const ll MOD = 1000000007;
vector<int> primes;

// Legendre: exponent of p in n!
int legendre(int n, int p) {
    int e = 0;
    while (n) {
        n /= p;
        e += n;
    }
    return e;
}

ll mpow(ll b, int e) {
    ll r = 1;
    while (e) {
        if (e & 1) r = r * b % MOD;
        b = b * b % MOD;
        e >>= 1;
    }
    return r;
}

// C(n, r) from its prime factorisation: no modular inverse needed at all
int main() {
    vector<bool> composite(2001, false);
    for (int i = 2; i <= 2000; i++) {
        if (composite[i]) continue;
        primes.push_back(i);
        for (int j = i * i; j <= 2000; j += i) composite[j] = true;
    }
    int q;
    scanf("%d", &q);
    while (q--) {
        int n, r;
        scanf("%d %d", &n, &r);
        if (r > n) {
            printf("0\n");
            continue;
        }
        ll ans = 1;
        for (size_t i = 0; i < primes.size() && primes[i] <= n; i++) {
            int p = primes[i];
            int e = legendre(n, p) - legendre(r, p) - legendre(n - r, p);
            if (e > 0) ans = ans * mpow(p, e) % MOD;
        }
        printf("%lld\n", ans);
    }
    return 0;
}
