#include <iostream>
#include <vector>
#include <algorithm>

// prefix sums + lower_bound: for each start, the first end reaching S
int main() {
    int n;
    long long s;
    std::cin >> n >> s;
    std::vector<long long> pre(n + 1, 0);
    for (int i = 0; i < n; ++i) {
        long long x;
        std::cin >> x;
        pre[i + 1] = pre[i] + x;
    }
    int best = 0;
    for (int i = 0; i < n; ++i) {
        auto it = std::lower_bound(pre.begin() + i + 1, pre.end(), pre[i] + s);
        if (it == pre.end()) break;
        int len = static_cast<int>(it - pre.begin()) - i;
        if (best == 0 || len < best) best = len;
    }
    std::cout << best << '\n';
}
