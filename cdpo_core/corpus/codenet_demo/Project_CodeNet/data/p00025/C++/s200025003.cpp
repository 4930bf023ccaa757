#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

int stk[1005];

int kind(char c) {
    const char *p = std::strchr("([{)]}", c);
    return p ? static_cast<int>(p - "([{)]}") : -1;
}

int main() {
    std::string line;
    std::getline(std::cin, line);
    int n = std::stoi(line);
    for (int q = 0; q < n; ++q) {
        std::getline(std::cin, line);
        int top = 0;
        bool ok = true;
        for (char c : line) {
            int k = kind(c);
            if (k < 0) continue;  // ignore a stray '\r'
            if (k < 3) stk[top++] = k;
            else if (top > 0 && stk[top - 1] == k - 3) --top;
            else { ok = false; break; }
        }
        std::printf("%s\n", ok && top == 0 ? "YES" : "NO");
    }
    return 0;
}
