#include <iostream>
#include <numeric>
#include <string>
#include <vector>

struct DSU {
    std::vector<int> parent;
    explicit DSU(int n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int find(int x) { return parent[x] == x ? x : parent[x] = find(parent[x]); }
    void unite(int a, int b) { parent[find(a)] = find(b); }
};

int main() {
    int h, w;
    std::cin >> h >> w;
    std::vector<std::string> g(h);
    for (auto &row : g) std::cin >> row;
    DSU dsu(h * w);
    for (int i = 0; i < h; ++i)
        for (int j = 0; j < w; ++j) {
            if (g[i][j] != '#') continue;
            if (i + 1 < h && g[i + 1][j] == '#') dsu.unite(i * w + j, (i + 1) * w + j);
            if (j + 1 < w && g[i][j + 1] == '#') dsu.unite(i * w + j, i * w + j + 1);
        }
    int roots = 0;
    for (int i = 0; i < h; ++i)
        for (int j = 0; j < w; ++j)
            if (g[i][j] == '#' && dsu.find(i * w + j) == i * w + j) ++roots;
    std::cout << roots << std::endl;
    return 0;
}
