#include <iostream>
#include <string>
#include <vector>
using namespace std;

// neighbour counts from a 2D prefix sum: 3x3 box sum minus the cell itself
int main() {
    int h, w, k;
    cin >> h >> w >> k;
    vector<string> g(h);
    for (int i = 0; i < h; ++i) cin >> g[i];
    for (int gen = 0; gen < k; ++gen) {
        vector<vector<int>> ps(h + 1, vector<int>(w + 1, 0));
        for (int i = 0; i < h; ++i)
            for (int j = 0; j < w; ++j)
                ps[i + 1][j + 1] = ps[i][j + 1] + ps[i + 1][j] - ps[i][j] + (g[i][j] == '#');
        vector<string> ng = g;
        for (int i = 0; i < h; ++i) {
            for (int j = 0; j < w; ++j) {
                int r1 = max(i - 1, 0), c1 = max(j - 1, 0);
                int r2 = min(i + 1, h - 1), c2 = min(j + 1, w - 1);
                int box = ps[r2 + 1][c2 + 1] - ps[r1][c2 + 1] - ps[r2 + 1][c1] + ps[r1][c1];
                bool alive = g[i][j] == '#';
                int nb = box - (alive ? 1 : 0);
                ng[i][j] = (nb == 3 || (alive && nb == 2)) ? '#' : '.';
            }
        }
        g.swap(ng);
    }
    for (const string &row : g) cout << row << '\n';
    return 0;
}
