#include <bits/stdc++.h>
using namespace std;
using ll = long long;
constexpr ll MOD = 1'000'000'007;
constexpr int N = 2000;

int main() {
    // inv[i] = -(MOD / i) * inv[MOD % i], all inverses in linear time
    vector<ll> fac(N + 1), inv(N + 1), finv(N + 1);
    fac[0] = fac[1] = finv[0] = finv[1] = inv[1] = 1;
    for (int i = 2; i <= N; i++) {
        fac[i] = fac[i - 1] * i % MOD;
        inv[i] = MOD - inv[MOD % i] * (MOD / i) % MOD;
        finv[i] = finv[i - 1] * inv[i] % MOD;
    }
    int q;
    cin >> q;
    while (q--) {
        int n, r;
        cin >> n >> r;
        ll ans = r > n ? 0 : fac[n] * (finv[r] * finv[n - r] % MOD) % MOD;
        cout << ans << '\n';
    }
}
