#include <iostream>
#include <numeric>

int main() {
    long long a, b;
    while (std::cin >> a >> b) {
        std::cout << std::gcd(a, b) << ' ' << std::lcm(a, b) << '\n';
    }
    return 0;
}
