#include <iostream>
#include <string>
#include <numeric>
#include <array>

int main() {
  int k;
  std::string s;
  std::cin >> k >> s;
  std::array<char, 26> alpha;
  std::iota(alpha.begin(), alpha.end(), 'a');
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += alpha[(c - 'a' + k) % 26];
  std::cout << out << std::endl;
}
