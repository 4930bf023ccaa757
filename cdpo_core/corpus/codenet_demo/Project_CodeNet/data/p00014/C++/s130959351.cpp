#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    long long s;
    cin >> n >> s;
    vector<long long> a(n);
    for (auto &x : a) cin >> x;
    int ans = n + 1, left = 0;
    long long sum = 0;
    for (int right = 0; right < n; right++) {
        sum += a[right];
        while (sum >= s) {
            ans = min(ans, right - left + 1);
            sum -= a[left++];
        }
    }
    if (ans > n) ans = 0;
    cout << ans << endl;
    return 0;
}}
