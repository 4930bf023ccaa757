#include <iostream>
#include <string>
#include <vector>
using namespace std;

int h, w, best = -1;
vector<string> g;
bool used[100][100];

// tries every simple path: exponential on open grids
void dfs(int y, int x, int len) {
    if (g[y][x] == 'G') {
        if (best < 0 || len < best) best = len;
        return;
    }
    used[y][x] = true;
    const int dy[4] = {1, 0, -1, 0}, dx[4] = {0, 1, 0, -1};
    for (int k = 0; k < 4; k++) {
        int ny = y + dy[k], nx = x + dx[k];
        if (ny < 0 || ny >= h || nx < 0 || nx >= w) continue;
        if (used[ny][nx] || g[ny][nx] == '#') continue;
        dfs(ny, nx, len + 1);
    }
    used[y][x] = false;
}

int main() {
    cin >> h >> w;
    g.resize(h);
    for (auto &s : g) cin >> s;
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++)
            if (g[i][j] == 'S') dfs(i, j, 0);
    cout << best << endl;
}
