#include <iostream>
#include <cstdint>

int main() {
  std::int64_t a = 0, b = 0;
  std::cin >> a >> b;
  const std::int64_t sum = a + b;
  const std::int64_t product = a * b;
  std::cout << sum << ' ' << product << '\n';
}
