#include <iostream>
#include <set>
#include <string>
#include <vector>

int main() {
    int n;
    std::cin >> n;
    // bucket by length, each bucket keeps lexicographic order
    std::vector<std::multiset<std::string>> bucket(21);
    for (int i = 0; i < n; ++i) {
        std::string s;
        std::cin >> s;
        bucket[s.size()].insert(s);
    }
    for (const auto& b : bucket)
        for (const auto& s : b) std::cout << s << '\n';
}
