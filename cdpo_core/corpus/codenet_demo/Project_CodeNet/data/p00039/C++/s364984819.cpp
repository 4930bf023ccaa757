#include <bits/stdc++.h>
using namespace std;

struct mint {
    static constexpr long long MOD = 1000000007;
    long long v;
    mint(long long x = 0) : v((x % MOD + MOD) % MOD) {}
    mint operator*(const mint &o) const { return mint(v * o.v); }
    mint pow(long long e) const {
        mint r(1), b(*this);
        for (; e > 0; e >>= 1) {
            if (e & 1) r = r * b;
            b = b * b;
        }
        return r;
    }
    mint inv() const { return pow(MOD - 2); }
    mint operator/(const mint &o) const { return *this * o.inv(); }
};

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    vector<mint> fact(2001);
    fact[0] = 1;
    for (int i = 1; i <= 2000; i++) fact[i] = fact[i - 1] * mint(i);
    int q;
    cin >> q;
    while (q--) {
        int n, r;
        cin >> n >> r;
        mint ans = r > n ? mint(0) : fact[n] / (fact[r] * fact[n - r]);
        cout << ans.v << '\n';
    }
    return 0;
}
