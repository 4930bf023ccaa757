#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    long long s;
    cin >> n >> s;
    vector<long long> a(n);
    for (auto &x : a) cin >> x;
    int ans = 0;
    for (int mask = 0; mask < (1 << n); mask++) {
        bitset<n> b(mask);
        long long t = 0;
        for (int i = 0; i < n; i++) if (b[i]) t += a[i];
        if (t == s) ans++;
    }
    cout << ans << endl;
}
