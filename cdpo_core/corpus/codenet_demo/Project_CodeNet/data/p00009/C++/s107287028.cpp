#include <iostream>
#include <string>
#include <algorithm>

int main() {
    std::string s;
    std::cin >> s;
    auto cnt = [&](char c) { return static_cast<int>(std::count(s.begin(), s.end(), c)); };
    std::cout << cnt('R') - cnt('L') << ' ' << cnt('U') - cnt('D') << '\n';
}
