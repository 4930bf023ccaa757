#include <bits/stdc++.h>
#define REP(i, n) for (int i = 0; i < (int)(n); ++i)
#define FOR(i, a, b) for (int i = (a); i < (int)(b); ++i)
using namespace std;
typedef long long ll;
const ll MOD = 1e9 + 7;

struct Combination {
    vector<ll> f, fi;
    static ll mpow(ll a, ll e) {
        ll r = 1;
        for (a %= MOD; e; e >>= 1, a = a * a % MOD)
            if (e & 1) r = r * a % MOD;
        return r;
    }
    Combination(int n) : f(n + 1), fi(n + 1) {
        f[0] = 1;
        FOR(i, 1, n + 1) f[i] = f[i - 1] * i % MOD;
        REP(i, n + 1) fi[i] = mpow(f[i], MOD - 2);
    }
    ll operator()(int n, int r) const {
        if (r < 0 || r > n) return 0;
        return f[n] * fi[r] % MOD * fi[n - r] % MOD;
    }
};

int main() {
    Combination C(2000);
    int Q;
    scanf("%d", &Q);
    REP(i, Q) {
        int n, r;
        scanf("%d%d", &n, &r);
        printf("%lld\n", C(n, r));
    }
    return 0;
}
