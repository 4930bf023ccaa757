#include <cstdio>
#include <vector>
using namespace std;

int g[100][100];
vector<int> order_;

// print the border of the h x w block at (r, c), then recurse inside it
void ring(int r, int c, int h, int w) {
    if (h <= 0 || w <= 0) return;
    if (h == 1) {
        for (int j = 0; j < w; j++) order_.push_back(g[r][c + j]);
        return;
    }
    if (w == 1) {
        for (int i = 0; i < h; i++) order_.push_back(g[r + i][c]);
        return;
    }
    for (int j = 0; j < w - 1; j++) order_.push_back(g[r][c + j]);
    for (int i = 0; i < h - 1; i++) order_.push_back(g[r + i][c + w - 1]);
    for (int j = w - 1; j > 0; j--) order_.push_back(g[r + h - 1][c + j]);
    for (int i = h - 1; i > 0; i--) order_.push_back(g[r + i][c]);
    ring(r + 1, c + 1, h - 2, w - 2);
}

int main() {
    int h, w;
    scanf("%d %d", &h, &w);
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) scanf("%d", &g[i][j]);
    ring(0, 0, h, w);
    for (size_t i = 0; i < order_.size(); i++) printf("%s%d", i ? " " : "", order_[i]);
    putchar('\n');
    return 0;
}
