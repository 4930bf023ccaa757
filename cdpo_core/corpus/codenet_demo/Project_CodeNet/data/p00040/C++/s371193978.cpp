#include <bits/stdc++.h>
using namespace std;
const long long MOD = 1000000007;

int main() {
    int n;
    cin >> n;
    // a balanced string is "(" A ")" B with A of j pairs and B of i - j pairs
    vector<long long> cat(n + 1, 0);
    cat[0] = 1;
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) cat[i + 1] = (cat[i + 1] + cat[j] * cat[i - j]) % MOD;
    cout << cat[n] << endl;
    return 0;
}
