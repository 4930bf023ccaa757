#include <bits/stdc++.h>
using namespace std;

// suffix sums instead of prefix sums: sum(l..r) = suf[l] - suf[r+1]
int main() {
    int n, q;
    cin >> n >> q;
    vector<long long> a(n + 2, 0), suf(n + 2, 0);
    for (int i = 1; i <= n; i++) cin >> a[i];
    for (int i = n; i >= 1; i--) suf[i] = suf[i + 1] + a[i];
    for (int i = 0; i < q; i++) {
        int l, r;
        cin >> l >> r;
        printf("%lld\n", suf[l] - suf[r + 1]);
    }
    return 0;
}
