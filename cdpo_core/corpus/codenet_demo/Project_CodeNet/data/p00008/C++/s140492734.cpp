#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<long long> a(n);
    for (auto &x : a) cin >> x;
    sort(a.begin(), a.end());
    long long ans = LLONG_MAX;
    for (int i = 1; i < n; i++) ans = min(ans, a[i] - a[i - 1]);
    cout << ans << endl;
    return 0;
}
