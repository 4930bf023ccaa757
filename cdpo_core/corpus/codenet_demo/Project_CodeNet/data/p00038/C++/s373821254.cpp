#include <bits/stdc++.h>
using namespace std;

int main() {
    int h, w, k;
    cin >> h >> w >> k;
    vector<string> grid(h);
    for (auto &row : grid) cin >> row;
    // rule[state][neighbours]: birth on 3, survival on 2 or 3
    int rule[2][9] = {};
    rule[0][3] = rule[1][2] = rule[1][3] = 1;
    for (int gen = 0; gen < k; ++gen) {
        auto alive = [&](int y, int x) -> int {
            if (y < 0 || y >= h || x < 0 || x >= w) return 0;
            return grid[y][x] == '#';
        };
        vector<string> next(h, string(w, '.'));
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                int n = alive(y - 1, x - 1) + alive(y - 1, x) + alive(y - 1, x + 1) + alive(y, x - 1) +
                        alive(y, x + 1) + alive(y + 1, x - 1) + alive(y + 1, x) + alive(y + 1, x + 1);
                if (rule[alive(y, x)][n]) next[y][x] = '#';
            }
        grid = move(next);
    }
    for (const auto &row : grid) cout << row << '\n';
}
