#include <bits/stdc++.h>
using namespace std;

// Fenwick tree over alive people: find the t-th alive person in O(log n)
struct BIT {
    int n;
    vector<int> t;
    explicit BIT(int n_) : n(n_), t(n_ + 1, 0) {}
    void add(int i, int v) { for (; i <= n; i += i & -i) t[i] += v; }
    int kth(int k) const {
        int pos = 0, lg = 1;
        while (lg * 2 <= n) lg *= 2;
        for (; lg; lg /= 2)
            if (pos + lg <= n && t[pos + lg] < k) { pos += lg; k -= t[pos]; }
        return pos + 1;
    }
};

int main() {
    int n, k;
    scanf("%d %d", &n, &k);
    BIT bit(n);
    for (int i = 1; i <= n; i++) bit.add(i, 1);
    int idx = 0, last = 1;
    for (int alive = n; alive >= 1; alive--) {
        idx = (idx + k - 1) % alive;
        last = bit.kth(idx + 1);
        bit.add(last, -1);
    }
    printf("%d\n", last);
    return 0;
}
