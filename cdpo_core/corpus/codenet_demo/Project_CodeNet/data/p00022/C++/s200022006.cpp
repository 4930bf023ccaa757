#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
const ll MOD = 1000000007;

int main() {
    ll m, n;
    cin >> m >> n;
    ll res = 1, base = m % MOD;
    while (n > 0) {
        if (n & 1) res = res * base % MOD;
        base = base * base % MOD;
        n >>= 1;
    }
    cout << res << endl;
    return 0;
}
