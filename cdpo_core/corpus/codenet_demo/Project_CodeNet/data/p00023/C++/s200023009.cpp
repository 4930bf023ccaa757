// Offline: answer count(<= r) - count(< l) by sweeping sorted query points over the sorted array.
#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    scanf("%d", &n);
    vector<int> a(n);
    for (int &x : a) scanf("%d", &x);
    sort(a.begin(), a.end());
    int q;
    scanf("%d", &q);
    // point (x, id, sign): contributes sign * #{a_i <= x}
    vector<tuple<long long, int, int>> pts;
    for (int i = 0; i < q; i++) {
        int l, r;
        scanf("%d %d", &l, &r);
        pts.emplace_back(r, i, +1);
        pts.emplace_back((long long)l - 1, i, -1);
    }
    sort(pts.begin(), pts.end());
    vector<int> ans(q, 0);
    int p = 0;
    for (auto &[x, id, sign] : pts) {
        while (p < n && a[p] <= x) p++;
        ans[id] += sign * p;
    }
    for (int v : ans) printf("%d\n", v);
    return 0;
}
