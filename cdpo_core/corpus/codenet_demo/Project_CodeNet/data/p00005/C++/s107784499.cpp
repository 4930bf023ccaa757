#include <iostream>
#include <string>
#include <algorithm>

int main() {
    int k;
    std::string s;
    std::cin >> k >> s;
    std::transform(s.begin(), s.end(), s.begin(), [k](char c) {
        return static_cast<char>('a' + (c - 'a' + k) % 26);
    });
    std::cout << s << '\n';
}
