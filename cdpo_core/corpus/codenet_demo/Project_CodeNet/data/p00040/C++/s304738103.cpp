#include <iostream>
#include <vector>
using namespace std;

typedef long long ll;
const ll MOD = 1000000007;

ll power(ll b, ll e) {
    ll r = 1;
    for (b %= MOD; e > 0; e >>= 1) {
        if (e & 1) r = r * b % MOD;
        b = b * b % MOD;
    }
    return r;
}

// reflection principle: Catalan(n) = C(2n, n) - C(2n, n + 1)
int main() {
    int n;
    cin >> n;
    int m = 2 * n;
    vector<ll> f(m + 1), fi(m + 1);
    f[0] = 1;
    for (int i = 1; i <= m; i++) f[i] = f[i - 1] * i % MOD;
    fi[m] = power(f[m], MOD - 2);
    for (int i = m; i >= 1; i--) fi[i - 1] = fi[i] * i % MOD;
    auto C = [&](int a, int b) -> ll {
        if (b < 0 || b > a) return 0;
        return f[a] * fi[b] % MOD * fi[a - b] % MOD;
    };
    cout << ((C(m, n) - C(m, n + 1)) % MOD + MOD) % MOD << endl;
    return 0;
}
