#include <iostream>
#include <vector>

// build the string left to right; state = current balance (open minus close)
int main() {
    const long long mod = 1000000007LL;
    int n;
    std::cin >> n;
    std::vector<long long> ways(n + 2, 0);
    ways[0] = 1;
    for (int len = 0; len < 2 * n; ++len) {
        std::vector<long long> next(n + 2, 0);
        for (int b = 0; b <= n; ++b) {
            if (ways[b] == 0) continue;
            if (b + 1 <= n) next[b + 1] = (next[b + 1] + ways[b]) % mod;
            if (b > 0) next[b - 1] = (next[b - 1] + ways[b]) % mod;
        }
        ways.swap(next);
    }
    std::cout << ways[0] << '\n';
    return 0;
}
