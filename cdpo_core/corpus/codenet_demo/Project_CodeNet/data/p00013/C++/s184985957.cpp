#include <iostream>
#include <vector>
using namespace std;

class SegTree {
    int size_;
    vector<long long> t_;
public:
    explicit SegTree(const vector<long long>& a) : size_(a.size()), t_(2 * a.size()) {
        for (int i = 0; i < size_; i++) t_[size_ + i] = a[i];
        for (int i = size_ - 1; i > 0; i--) t_[i] = t_[2 * i] + t_[2 * i + 1];
    }
    // sum on [l, r)
    long long query(int l, int r) const {
        long long res = 0;
        for (l += size_, r += size_; l < r; l >>= 1, r >>= 1) {
            if (l & 1) res += t_[l++];
            if (r & 1) res += t_[--r];
        }
        return res;
    }
};

int main() {
    ios::sync_with_stdio(false);
    int n, q;
    cin >> n >> q;
    vector<long long> a(n);
    for (auto& x : a) cin >> x;
    SegTree st(a);
    while (q--) {
        int l, r;
        cin >> l >> r;
        cout << st.query(l - 1, r) << "\n";
    }
    return 0;
}
