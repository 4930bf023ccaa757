#include <bits/stdc++.h>
using namespace std;
const long long MOD = 1000000007;
int main() {
    int q;
    cin >> q;
    while (q--) {
        long long n, r;
        cin >> n >> r;
        if (r > n) { cout << 0 << endl; continue; }
        long long res = 1;
        for (long long i = 1; i <= r; i++) res = res * (n - r + i) / i;
        cout << res % MOD << endl;
    }
}
