#include <cstdio>
#include <vector>
#include <algorithm>

// LSD radix sort on 30-bit values, then scan neighbours
static void radix_sort(std::vector<unsigned>& a) {
    std::vector<unsigned> buf(a.size());
    for (int shift = 0; shift < 32; shift += 8) {
        size_t cnt[257] = {0};
        for (unsigned x : a) cnt[((x >> shift) & 255) + 1]++;
        for (int i = 0; i < 256; i++) cnt[i + 1] += cnt[i];
        for (unsigned x : a) buf[cnt[(x >> shift) & 255]++] = x;
        a.swap(buf);
    }
}

int main() {
    int n;
    std::scanf("%d", &n);
    std::vector<unsigned> a(n);
    for (auto& x : a) std::scanf("%u", &x);
    radix_sort(a);
    unsigned best = ~0u;
    for (size_t i = 1; i < a.size(); i++) best = std::min(best, a[i] - a[i - 1]);
    std::printf("%u\n", best);
    return 0;
}
