#include <iostream>
#include <vector>
#include <algorithm>

class SortedBag {
public:
    explicit SortedBag(std::vector<int> values) : v_(std::move(values)) {
        std::sort(v_.begin(), v_.end());
    }
    // number of stored values x with x <= bound
    long countAtMost(long bound) const {
        auto it = std::partition_point(v_.begin(), v_.end(), [bound](int x) { return x <= bound; });
        return it - v_.begin();
    }
    long countBetween(long lo, long hi) const { return countAtMost(hi) - countAtMost(lo - 1); }

private:
    std::vector<int> v_;
};

int main() {
    std::ios::sync_with_stdio(false);
    int n;
    std::cin >> n;
    std::vector<int> a(n);
    for (int &x : a) std::cin >> x;
    SortedBag bag(a);
    int q;
    std::cin >> q;
    while (q-- > 0) {
        long l, r;
        std::cin >> l >> r;
        std::cout << bag.countBetween(l, r) << '\n';
    }
    return 0;
}
