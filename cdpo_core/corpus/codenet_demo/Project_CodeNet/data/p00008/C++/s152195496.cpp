#include <iostream>
#include <set>
#include <climits>

int main() {
    int n;
    std::cin >> n;
    std::multiset<int> seen;
    int best = INT_MAX;
    for (int i = 0; i < n; ++i) {
        int x;
        std::cin >> x;
        auto it = seen.lower_bound(x);
        if (it != seen.end()) best = std::min(best, *it - x);
        if (it != seen.begin()) best = std::min(best, x - *std::prev(it));
        seen.insert(x);
    }
    std::cout << best << '\n';
}
