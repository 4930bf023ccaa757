#include <bits/stdc++.h>
using namespace std;

// Fenwick tree over compressed values holding prefix maxima
struct BIT {
    int n;
    vector<int> t;
    BIT(int n) : n(n), t(n + 1, 0) {}
    void update(int i, int v) {
        for (; i <= n; i += i & -i) t[i] = max(t[i], v);
    }
    int query(int i) const {
        int r = 0;
        for (; i > 0; i -= i & -i) r = max(r, t[i]);
        return r;
    }
};

int main() {
    int n;
    scanf("%d", &n);
    vector<int> a(n);
    for (auto &x : a) scanf("%d", &x);
    vector<int> vals(a);
    sort(vals.begin(), vals.end());
    vals.erase(unique(vals.begin(), vals.end()), vals.end());
    BIT bit(vals.size());
    int best = 0;
    for (int x : a) {
        int id = lower_bound(vals.begin(), vals.end(), x) - vals.begin() + 1;
        int cur = bit.query(id - 1) + 1;
        bit.update(id, cur);
        best = max(best, cur);
    }
    printf("%d\n", best);
}
