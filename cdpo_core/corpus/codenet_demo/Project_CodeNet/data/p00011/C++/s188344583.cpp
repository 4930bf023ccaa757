#include <iostream>
#include <array>

int main() {
    long long n;
    std::cin >> n;
    constexpr std::array<int, 6> kCoins{1, 5, 10, 50, 100, 500};
    long long total = 0;
    for (auto it = kCoins.rbegin(); it != kCoins.rend(); ++it) {
        total += n / *it;
        n -= n / *it * *it;
    }
    std::cout << total << '\n';
}
