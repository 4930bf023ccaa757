#include <iostream>
#include <vector>

int main() {
    int n;
    std::cin >> n;
    std::vector<long long> top;
    auto firstNotLess = [&top](long long x) {
        int lo = -1, hi = static_cast<int>(top.size());
        while (hi - lo > 1) {
            int mid = lo + (hi - lo) / 2;
            (top[mid] >= x ? hi : lo) = mid;
        }
        return hi;
    };
    for (int i = 0; i < n; ++i) {
        long long x;
        std::cin >> x;
        int p = firstNotLess(x);
        if (p == static_cast<int>(top.size())) top.push_back(x);
        else top[p] = x;
    }
    std::cout << top.size() << std::endl;
    return 0;
}
