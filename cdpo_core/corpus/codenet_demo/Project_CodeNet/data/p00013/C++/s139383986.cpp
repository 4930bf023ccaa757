#include <iostream>
#include <vector>
#include <numeric>

int main() {
    int n, q;
    std::cin >> n >> q;
    std::vector<long long> a(n + 1, 0);
    for (int i = 1; i <= n; ++i) std::cin >> a[i];
    std::partial_sum(a.begin(), a.end(), a.begin());
    for (int l, r; q-- > 0;) {
        std::cin >> l >> r;
        std::cout << a[r] - a[l - 1] << '\n';
    }
}
