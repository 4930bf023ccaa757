#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
const ll MOD = 1e9 + 7;

vector<ll> memo;

ll catalan(int n) {
    if (memo[n] >= 0) return memo[n];
    ll s = 0;
    for (int i = 0; i < n; i++) s = (s + catalan(i) * catalan(n - 1 - i)) % MOD;
    return memo[n] = s;
}

int main() {
    int n;
    cin >> n;
    memo.assign(n + 1, -1);
    memo[0] = 1;
    // fill bottom-up order by asking for small values first, keeping recursion shallow
    for (int i = 1; i <= n; i++) catalan(i);
    cout << catalan(n) << "\n";
}
