#include <iostream>
#include <string>
#include <vector>
#include <utility>

int main() {
    std::string s;
    std::cin >> s;
    std::vector<std::pair<char, int>> runs;
    for (char c : s) {
        if (!runs.empty() && runs.back().first == c) {
            runs.back().second++;
        } else {
            runs.emplace_back(c, 1);
        }
    }
    for (const auto& [ch, len] : runs) std::cout << ch << len;
    std::cout << '\n';
}
