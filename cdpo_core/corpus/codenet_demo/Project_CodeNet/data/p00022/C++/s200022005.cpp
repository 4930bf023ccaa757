#include <iostream>
using namespace std;

int main() {
    int m, n;
    cin >> m >> n;
    const int MOD = 1000000007;
    int res = 1, b = m;
    while (n > 0) {
        if (n & 1) res = res * b % MOD;
        b = b * b % MOD;
        n >>= 1;
    }
    cout << res << endl;
    return 0;
}
