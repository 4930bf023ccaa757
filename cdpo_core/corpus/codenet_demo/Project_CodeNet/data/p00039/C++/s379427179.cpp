#include <iostream>
#include <vector>
using namespace std;

const long long MOD = 1000000007;

// extended Euclid: returns g = gcd(a, b) and x, y with a*x + b*y = g
long long extgcd(long long a, long long b, long long &x, long long &y) {
    if (b == 0) {
        x = 1;
        y = 0;
        return a;
    }
    long long g = extgcd(b, a % b, y, x);
    y -= a / b * x;
    return g;
}

long long inverse(long long a) {
    long long x, y;
    extgcd(a, MOD, x, y);
    return (x % MOD + MOD) % MOD;
}

int main() {
    vector<long long> f(2001, 1);
    for (int i = 1; i <= 2000; ++i) f[i] = f[i - 1] * i % MOD;
    int q;
    cin >> q;
    for (int k = 0; k < q; ++k) {
        int n, r;
        cin >> n >> r;
        if (r > n) {
            cout << 0 << endl;
        } else {
            long long den = f[r] * f[n - r] % MOD;
            cout << f[n] * inverse(den) % MOD << endl;
        }
    }
    return 0;
}
