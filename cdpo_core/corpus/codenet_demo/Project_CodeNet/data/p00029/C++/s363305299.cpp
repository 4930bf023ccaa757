#include <bits/stdc++.h>
using namespace std;
int h, w;
vector<string> g;
bool vis[105][105];
void dfs(int y, int x) {
    vis[y][x] = true;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            int ny = y + dy, nx = x + dx;
            if (ny < 0 || ny >= h || nx < 0 || nx >= w) continue;
            if (g[ny][nx] == '#' && !vis[ny][nx]) dfs(ny, nx);
        }
}
int main() {
    cin >> h >> w;
    g.resize(h);
    for (auto &s : g) cin >> s;
    int c = 0;
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++)
            if (g[i][j] == '#' && !vis[i][j]) { dfs(i, j); c++; }
    cout << c << endl;
}
