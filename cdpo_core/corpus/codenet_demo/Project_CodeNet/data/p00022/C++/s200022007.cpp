#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

ll modpow(ll a, ll e, ll mod) {
    ll r = 1;
    a %= mod;
    while (e) {
        if (e & 1) r = r * a % mod;
        a = a * a % mod;
        e >>= 1;
    }
    return r;

int main() {
    ll m, n;
    cin >> m >> n;
    cout << modpow(m, n, 1000000007) << endl;
    return 0;
}
