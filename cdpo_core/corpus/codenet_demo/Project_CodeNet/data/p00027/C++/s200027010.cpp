// Meet in the middle: enumerate both halves, then match sums with binary search.
#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

vector<ll> allSums(const vector<ll> &v) {
    int m = v.size();
    vector<ll> out(1 << m, 0);
    for (int mask = 1; mask < (1 << m); mask++) {
        int b = __builtin_ctz(mask);
        out[mask] = out[mask ^ (1 << b)] + v[b];
    }
    return out;
}

int main() {
    int n;
    ll S;
    cin >> n >> S;
    vector<ll> a(n);
    for (auto &x : a) cin >> x;
    vector<ll> L(a.begin(), a.begin() + n / 2), R(a.begin() + n / 2, a.end());
    vector<ll> ls = allSums(L), rs = allSums(R);
    sort(rs.begin(), rs.end());
    ll ans = 0;
    for (ll x : ls) {
        auto range = equal_range(rs.begin(), rs.end(), S - x);
        ans += range.second - range.first;
    }
    cout << ans << endl;
}
