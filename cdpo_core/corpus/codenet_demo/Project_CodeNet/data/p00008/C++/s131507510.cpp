#include <bits/stdc++.h>
using namespace std;

long long solve(vector<long long> a) {
    sort(begin(a), end(a));
    long long r = numeric_limits<long long>::max();
    for (size_t i = 0; i + 1 < a.size(); ++i) {
        r = min(r, a[i + 1] - a[i]);
    }
    return r;
}

int main() {
    cin.tie(nullptr);
    ios::sync_with_stdio(false);
    size_t n;
    cin >> n;
    vector<long long> a(n);
    for (size_t i = 0; i < n; ++i) cin >> a[i];
    cout << solve(a) << '\n';
}
