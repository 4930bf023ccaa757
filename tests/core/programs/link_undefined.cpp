#include <iostream>

int helper(int x);

int main() {
    std::cout << helper(2) << std::endl;
}
