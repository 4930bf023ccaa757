#include <iostream>
#include <vector>
#include <algorithm>

// mirror greedy: take the activity that starts last, going backwards in time
int main() {
    int n;
    std::cin >> n;
    std::vector<std::pair<int, int>> a(n);
    for (auto& p : a) std::cin >> p.first >> p.second;
    std::sort(a.begin(), a.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    long long bound = 2000000000LL;
    int taken = 0;
    for (const auto& p : a) {
        if (p.second <= bound) {
            ++taken;
            bound = p.first;
        }
    }
    std::cout << taken << '\n';
}
