#include <iostream>
using namespace std;
const int MOD = 1000000007;
int comb(int n, int r) {
    if (r < 0 || r > n) return 0;
    if (r == 0 || r == n) return 1;
    return (comb(n - 1, r - 1) + comb(n - 1, r)) % MOD;
}
int main() {
    int q;
    cin >> q;
    while (q--) {
        int n, r;
        cin >> n >> r;
        cout << comb(n, r) << endl;
    }
}
