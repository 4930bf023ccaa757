#include <bits/stdc++.h>
using namespace std;

const int MOD = 1000000007;
static int C[2001][2001];

int main() {
    for (int n = 0; n <= 2000; n++) {
        C[n][0] = 1;
        for (int r = 1; r <= n; r++) C[n][r] = (C[n - 1][r - 1] + C[n - 1][r]) % MOD;
    }
    int q;
    cin >> q;
    while (q--) {
        int n, r;
        cin >> n >> r;
        cout << (r > n ? 0 : C[n][r]) << "\n";
    }
    return 0;
}
