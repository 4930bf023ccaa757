#include <bits/stdc++.h>
using namespace std;

int main() {
    int h, w, k;
    cin >> h >> w >> k;
    vector<string> g(h);
    for (auto &s : g) cin >> s;
    while (k--) {
        vector<string> ng(h, string(w, '.'));
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int cnt = 0;
                for (int di = -1; di <= 1; di++)
                    for (int dj = -1; dj <= 1; dj++) {
                        if (di == 0 && dj == 0) continue;
                        int y = i + di, x = j + dj;
                        if (y >= 0 && y < h && x >= 0 && x < w && g[y][x] == '#') cnt++;
                    }
                if (cnt == 3 || (cnt == 2 && g[i][j] == '#')) ng[i][j] = '#';
            }
        }
        g = ng;
    }
    for (auto &s : g) cout << s << "\n";
    return 0;
}
