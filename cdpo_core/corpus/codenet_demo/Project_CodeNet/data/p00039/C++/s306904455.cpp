#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
const ll MOD = 1000000007;
ll fact[2001];
int main() {
    fact[0] = 1;
    for (int i = 1; i <= 2000; i++) fact[i] = fact[i - 1] * i % MOD;
    int q;
    cin >> q;
    while (q--) {
        int n, r;
        cin >> n >> r;
        if (r > n) { cout << 0 << "\n"; continue; }
        cout << fact[n] * pow_mod(fact[r] * fact[n - r] % MOD, MOD - 2) % MOD << "\n";
    }
}
