#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, q;
    cin >> n >> q;
    vector<long long> a(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    while (q--) {
        int l, r;
        cin >> l >> r;
        cout << accumulate(a.begin() + l - 1, a.begin() + r, 0LL) << endl;
    }
    return 0;
}
