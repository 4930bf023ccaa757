#include <cstdio>
#include <vector>
#include <set>

// classic two-pass labelling: label runs from the left/up neighbour, record equivalences
std::vector<int> par;
int root(int x) {
    while (par[x] != x) {
        par[x] = par[par[x]];
        x = par[x];
    }
    return x;
}

int main() {
    int h, w;
    scanf("%d %d", &h, &w);
    std::vector<std::vector<char>> g(h, std::vector<char>(w + 1));
    for (int i = 0; i < h; i++) scanf("%s", &g[i][0]);
    std::vector<std::vector<int>> lab(h, std::vector<int>(w, -1));
    for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
            if (g[i][j] != '#') continue;
            int up = i > 0 ? lab[i - 1][j] : -1;
            int left = j > 0 ? lab[i][j - 1] : -1;
            if (up < 0 && left < 0) {
                lab[i][j] = (int)par.size();
                par.push_back(lab[i][j]);
            } else if (up >= 0 && left >= 0) {
                lab[i][j] = up;
                par[root(left)] = root(up);
            } else {
                lab[i][j] = up >= 0 ? up : left;
            }
        }
    }
    std::set<int> distinct;
    for (int i = 0; i < (int)par.size(); i++) distinct.insert(root(i));
    printf("%d\n", (int)distinct.size());
    return 0;
}
