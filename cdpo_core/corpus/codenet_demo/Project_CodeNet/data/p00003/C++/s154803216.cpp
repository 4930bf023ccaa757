#include <cstdio>
#include <vector>

int main() {
    std::vector<char> v;
    int c;
    while ((c = getchar()) != EOF && c != '\n' && c != '\r') v.push_back((char)c);
    for (auto it = v.rbegin(); it != v.rend(); ++it) putchar(*it);
    putchar('\n');
    return 0;
}
