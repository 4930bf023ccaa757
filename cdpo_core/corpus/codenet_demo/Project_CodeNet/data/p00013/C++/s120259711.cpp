#include <cstdio>
#include <cmath>
#include <vector>

// sqrt decomposition: block sums plus the ragged ends
int main() {
    int n, q;
    std::scanf("%d %d", &n, &q);
    int bs = std::max(1, (int)std::sqrt((double)n));
    std::vector<long long> a(n), blk(n / bs + 1, 0);
    for (int i = 0; i < n; ++i) {
        std::scanf("%lld", &a[i]);
        blk[i / bs] += a[i];
    }
    while (q--) {
        int l, r;
        std::scanf("%d %d", &l, &r);
        --l, --r;
        long long s = 0;
        int i = l;
        while (i <= r && i % bs != 0) s += a[i++];
        while (i + bs - 1 <= r) { s += blk[i / bs]; i += bs; }
        while (i <= r) s += a[i++];
        std::printf("%lld\n", s);
    }
    return 0;
}
