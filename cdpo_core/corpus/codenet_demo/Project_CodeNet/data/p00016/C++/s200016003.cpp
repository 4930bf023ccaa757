#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

class SegTree {
    int sz;
    vector<int> d;
public:
    SegTree(int n) {
        sz = 1;
        while (sz < n) sz <<= 1;
        d.assign(2 * sz, 0);
    }
    void chmax(int k, int v) {
        k += sz;
        d[k] = max(d[k], v);
        while (k > 1) {
            k >>= 1;
            d[k] = max(d[2 * k], d[2 * k + 1]);
        }
    }
    // max on [l, r)
    int get(int l, int r) {
        int res = 0;
        for (l += sz, r += sz; l < r; l >>= 1, r >>= 1) {
            if (l & 1) res = max(res, d[l++]);
            if (r & 1) res = max(res, d[--r]);
        }
        return res;
    }
};

int main() {
    int n;
    cin >> n;
    vector<int> a(n);
    for (int i = 0; i < n; ++i) cin >> a[i];
    vector<int> z = a;
    sort(z.begin(), z.end());
    z.erase(unique(z.begin(), z.end()), z.end());
    SegTree st(z.size());
    for (int i = 0; i < n; ++i) {
        int k = lower_bound(z.begin(), z.end(), a[i]) - z.begin();
        st.chmax(k, st.get(0, k) + 1);
    }
    cout << st.get(0, z.size()) << endl;
}
