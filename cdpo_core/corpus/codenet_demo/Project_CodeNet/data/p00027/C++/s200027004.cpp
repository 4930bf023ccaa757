// Gray code order: consecutive subsets differ in exactly one element.
#include <cstdio>
#include <vector>

int main() {
    int n;
    long long S;
    std::scanf("%d %lld", &n, &S);
    std::vector<long long> a(n);
    for (auto &x : a) std::scanf("%lld", &x);
    long long cur = 0;
    int prevGray = 0, ans = (S == 0);
    for (int k = 1; k < (1 << n); ++k) {
        int gray = k ^ (k >> 1);
        int flipped = __builtin_ctz(gray ^ prevGray);
        if (gray >> flipped & 1) cur += a[flipped];
        else cur -= a[flipped];
        prevGray = gray;
        if (cur == S) ++ans;
    }
    std::printf("%d\n", ans);
    return 0;
}
