#include <iostream>
#include <set>

int main() {
    int n;
    std::cin >> n;
    std::multiset<int> ms;
    for (int i = 0; i < n; ++i) {
        int x;
        std::cin >> x;
        ms.insert(x);
    }
    bool first = true;
    for (int x : ms) {
        std::cout << (first ? "" : " ") << x;
        first = false;
    }
    std::cout << '\n';
}
