#include <iostream>
#include <string>

int main() {
    std::string s;
    std::cin >> s;
    // build the answer from reverse iterators
    std::string r(s.rbegin(), s.rend());
    std::cout << r << '\n';
}
