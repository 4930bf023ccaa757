#include <bits/stdc++.h>
using namespace std;

struct Interval {
    long long l, r;
};

int solve(vector<Interval> v) {
    sort(v.begin(), v.end(), [](const Interval &a, const Interval &b) {
        return a.r != b.r ? a.r < b.r : a.l > b.l;
    });
    int res = 0;
    long long until = LLONG_MIN;
    for (const auto &x : v) {
        if (x.l < until) continue;
        ++res;
        until = x.r;
    }
    return res;
}

int main() {
    ios::sync_with_stdio(false);
    int n;
    cin >> n;
    vector<Interval> v(n);
    for (auto &x : v) cin >> x.l >> x.r;
    cout << solve(v) << '\n';
}
