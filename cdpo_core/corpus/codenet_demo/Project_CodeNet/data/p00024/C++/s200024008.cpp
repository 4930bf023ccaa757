// The check jumps a whole truck at a time with upper_bound over prefix sums.
#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n = 0, k = 0;
    std::scanf("%d %d", &n, &k);
    std::vector<long long> pre(n + 1, 0);
    long long heaviest = 0;
    for (int i = 0; i < n; ++i) {
        long long x;
        std::scanf("%lld", &x);
        pre[i + 1] = pre[i] + x;
        heaviest = std::max(heaviest, x);
    }
    auto enough = [&](long long P) {
        int pos = 0;
        for (int t = 0; t < k && pos < n; ++t)
            pos = static_cast<int>(std::upper_bound(pre.begin(), pre.end(), pre[pos] + P) - pre.begin()) - 1;
        return pos >= n;
    };
    long long lo = heaviest, hi = pre[n];
    while (lo < hi) {
        long long mid = (lo + hi) / 2;
        if (enough(mid)) hi = mid;
        else lo = mid + 1;
    }
    std::printf("%lld\n", lo);
    return 0;
}
