#include <iostream>
#include <cstdint>

struct ModInt {
    static constexpr std::uint32_t MOD = 1000000007u;
    std::uint32_t x;
    ModInt(std::uint64_t v = 0) : x(static_cast<std::uint32_t>(v % MOD)) {}
    ModInt operator*(const ModInt &o) const {
        return ModInt(static_cast<std::uint64_t>(x) * o.x);
    }
    ModInt pow(std::uint64_t e) const {
        ModInt result(1), b = *this;
        while (e) {
            if (e & 1) result = result * b;
            b = b * b;
            e >>= 1;
        }
        return result;
    }
};

int main() {
    std::uint64_t m, n;
    std::cin >> m >> n;
    std::cout << ModInt(m).pow(n).x << '\n';
    return 0;
}
