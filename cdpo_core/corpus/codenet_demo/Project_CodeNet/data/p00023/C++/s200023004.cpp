// Binary lifting search: build the answer index bit by bit, largest power of two first.
#include <cstdio>
#include <vector>
#include <algorithm>

static int countAtMost(const std::vector<int> &a, long long x) {
    int pos = 0;  // number of elements known to be <= x
    int step = 1;
    while (step * 2 <= static_cast<int>(a.size())) step *= 2;
    for (; step > 0; step /= 2)
        if (pos + step <= static_cast<int>(a.size()) && a[pos + step - 1] <= x) pos += step;
    return pos;
}

int main() {
    int n, q;
    std::scanf("%d", &n);
    std::vector<int> a(n);
    for (int i = 0; i < n; ++i) std::scanf("%d", &a[i]);
    std::sort(a.begin(), a.end());
    std::scanf("%d", &q);
    for (int i = 0; i < q; ++i) {
        long long l, r;
        std::scanf("%lld %lld", &l, &r);
        std::printf("%d\n", countAtMost(a, r) - countAtMost(a, l - 1));
    }
    return 0;
}
