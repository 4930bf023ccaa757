#include <iostream>
#include <vector>

int main() {
    const int mod = 1000000007;
    int q;
    std::cin >> q;
    std::vector<std::pair<int, int>> queries(q);
    int maxN = 0;
    for (auto &qr : queries) {
        std::cin >> qr.first >> qr.second;
        if (qr.first > maxN) maxN = qr.first;
    }
    // jagged Pascal triangle, only as tall as the largest query needs
    std::vector<std::vector<int>> tri;
    for (int n = 0; n <= maxN; ++n) {
        std::vector<int> row(n + 1, 1);
        for (int r = 1; r < n; ++r) row[r] = (tri[n - 1][r - 1] + tri[n - 1][r]) % mod;
        tri.push_back(row);
    }
    auto get = [&](int n, int r) { return r > n ? 0 : tri[n][r]; };
    for (const auto &qr : queries) std::cout << get(qr.first, qr.second) << '\n';
    return 0;
}
