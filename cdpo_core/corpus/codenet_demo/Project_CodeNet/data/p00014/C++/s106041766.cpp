#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    long long s;
    cin >> n >> s;
    vector<long long> a(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    int ans = 0;
    for (int len = 1; len <= n && ans == 0; len++) {
        for (int i = 0; i + len <= n; i++) {
            long long sum = 0;
            for (int j = i; j < i + len; j++) sum += a[j];
            if (sum >= s) {
                ans = len;
                break;
            }
        }
    }
    cout << ans << endl;
    return 0;
}
