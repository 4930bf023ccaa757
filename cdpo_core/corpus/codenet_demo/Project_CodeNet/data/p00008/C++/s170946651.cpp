#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<int> a(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    sort(a.begin(), a.end());
    // mark values in a table to find duplicates quickly
    static bool seen[1000000];
    for (int x : a) {
        if (seen[x]) {
            cout << 0 << endl;
            return 0;
        }
        seen[x] = true;
    }
    int ans = INT_MAX;
    for (int i = 1; i < n; i++) ans = min(ans, a[i] - a[i - 1]);
    cout << ans << endl;
    return 0;
}
