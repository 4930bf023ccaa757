#include <bits/stdc++.h>
using namespace std;

int main() {
    int h, w;
    cin >> h >> w;
    vector<string> g(h);
    for (auto &s : g) cin >> s;
    vector<vector<int>> d(h, vector<int>(w, -1));
    queue<pair<int,int>> q;
    for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) if (g[i][j] == 'S') { d[i][j] = 0; q.push({i, j}); }
    int dy[] = {0, 0, 1, -1}, dx[] = {1, -1, 0, 0};
    while (!q.empty()) {
        auto [y, x] = q.front(); q.pop()
        if (g[y][x] == 'G') { cout << d[y][x] << endl; return 0; }
        for (int k = 0; k < 4; k++) {
            int ny = y + dy[k], nx = x + dx[k];
            if (ny < 0 || ny >= h || nx < 0 || nx >= w || g[ny][nx] == '#' || d[ny][nx] >= 0) continue;
            d[ny][nx] = d[y][x] + 1;
            q.push({ny, nx});
        }
    }
    cout << -1 << endl;
}
