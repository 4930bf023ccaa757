#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

struct Fenwick {
    int n;
    vector<ll> bit;
    Fenwick(int n) : n(n), bit(n + 1, 0) {}
    void add(int i, ll v) {
        for (; i <= n; i += i & (-i)) bit[i] += v;
    }
    ll sum(int i) const {
        ll s = 0;
        for (; i > 0; i -= i & (-i)) s += bit[i];
        return s;
    }
};

int main() {
    int n, q;
    scanf("%d%d", &n, &q);
    Fenwick fw(n);
    for (int i = 1; i <= n; i++) {
        ll x;
        scanf("%lld", &x);
        fw.add(i, x);
    }
    while (q--) {
        int l, r;
        scanf("%d%d", &l, &r);
        printf("%lld\n", fw.sum(r) - fw.sum(l - 1));
    }
}
