#include <bits/stdc++.h>
using namespace std;

int main() {
    const int M = 1000000;
    auto sieve = [](int m) {
        vector<int> f(m, 1);
        f[0] = f[1] = 0;
        for (int p = 2; p * p < m; ++p)
            if (f[p])
                for (int q = p * p; q < m; q += p) f[q] = 0;
        return f;
    };
    vector<int> pref = sieve(M);
    partial_sum(pref.begin(), pref.end(), pref.begin());
    for (int n; cin >> n;) cout << pref[n] << '\n';
}
