#include <iostream>
#include <string>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    int h = 0, w = 0;
    std::cin >> h >> w;
    std::vector<std::string> field(h);
    for (auto &line : field) std::cin >> line;
    constexpr unsigned MOD = 1000000007u;
    auto add = [](unsigned a, unsigned b) { unsigned s = a + b; return s >= MOD ? s - MOD : s; };
    std::vector<std::vector<unsigned>> f(h, std::vector<unsigned>(w, 0u));
    for (int i = 0; i < h; ++i) {
        for (int j = 0; j < w; ++j) {
            if (field[i][j] == '#') continue;
            if (i == 0 && j == 0) { f[i][j] = 1u; continue; }
            unsigned up = i > 0 ? f[i - 1][j] : 0u;
            unsigned left = j > 0 ? f[i][j - 1] : 0u;
            f[i][j] = add(up, left);
        }
    }
    std::cout << f[h - 1][w - 1] << '\n';
    return 0;
}
