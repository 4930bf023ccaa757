#include <bits/stdc++.h>

// Names that clash with std:: are fine without `using namespace std`.
int count = 0;
int max(int a, int b) { return a > b ? a : b; }

int main() {
    count = max(3, 4);
    std::cout << count << std::endl;
}
