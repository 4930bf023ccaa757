#include <bits/stdc++.h>
using namespace std;

int main() {
    int h, w;
    cin >> h >> w;
    vector<string> a(h);
    for (auto &s : a) cin >> s;
    vector<vector<bool>> seen(h, vector<bool>(w));
    int islands = 0;
    for (int i = 0; i < h; ++i) {
        for (int j = 0; j < w; ++j) {
            if (a[i][j] != '#' || seen[i][j]) continue;
            ++islands;
            queue<pair<int, int>> q;
            q.emplace(i, j);
            seen[i][j] = true;
            while (!q.empty()) {
                auto [y, x] = q.front();
                q.pop();
                for (auto [dy, dx] : {pair{1, 0}, pair{-1, 0}, pair{0, 1}, pair{0, -1}}) {
                    int ny = y + dy, nx = x + dx;
                    if (ny < 0 || ny >= h || nx < 0 || nx >= w) continue;
                    if (a[ny][nx] == '#' && !seen[ny][nx]) {
                        seen[ny][nx] = true;
                        q.emplace(ny, nx);
                    }
                }
            }
        }
    }
    cout << islands << '\n';
}
