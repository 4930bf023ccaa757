#include <bits/stdc++.h>
using namespace std;
const long long MOD = 1000000007;
int main() {
    int n;
    cin >> n;
    vector<long long> c(n + 1, 0);
    c[0] = 1;
    for (int i = 1; i <= n; i++)
        for (int j = 0; j < i; j++) c[i] = (c[i] + c[j] * c[i - 1 - j]) % MOD;
    cout << c[n] << endl;
    return 0
}
