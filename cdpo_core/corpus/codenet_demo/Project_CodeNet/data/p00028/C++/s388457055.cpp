#include <bits/stdc++.h>
using namespace std;

int main() {
    int h, w;
    cin >> h >> w;
    vector<string> g(h);
    for (auto &s : g) cin >> s;
    vector<vector<int>> d(h, vector<int>(w, 0));
    vector<vector<bool>> used(h, vector<bool>(w, false));
    queue<pair<int,int>> q;
    int gy = 0, gx = 0;
    for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) {
        if (g[i][j] == 'S') { q.push({i, j}); used[i][j] = true; }
        if (g[i][j] == 'G') { gy = i; gx = j; }
    }
    int dy[] = {0, 0, 1, -1}, dx[] = {1, -1, 0, 0};
    while (!q.empty()) {
        auto p = q.front(); q.pop();
        for (int k = 0; k < 4; k++) {
            int y = p.first + dy[k], x = p.second + dx[k];
            if (y < 0 || y >= h || x < 0 || x >= w) continue;
            if (g[y][x] == '#' || used[y][x]) continue;
            used[y][x] = true;
            d[y][x] = d[p.first][p.second] + 1;
            q.push({y, x});
        }
    }
    cout << d[gy][gx] << endl;
}
