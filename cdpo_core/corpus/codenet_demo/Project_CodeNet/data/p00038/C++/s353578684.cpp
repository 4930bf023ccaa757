#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>
using namespace std;

// sparse simulation: keep only the live cells
int main() {
    int h, w, k;
    cin >> h >> w >> k;
    set<pair<int, int>> live;
    for (int i = 0; i < h; i++) {
        string s;
        cin >> s;
        for (int j = 0; j < w; j++)
            if (s[j] == '#') live.insert({i, j});
    }
    while (k--) {
        map<pair<int, int>, int> cnt;
        for (const auto &p : live)
            for (int di = -1; di <= 1; di++)
                for (int dj = -1; dj <= 1; dj++) {
                    int y = p.first + di, x = p.second + dj;
                    if ((di || dj) && y >= 0 && y < h && x >= 0 && x < w) cnt[{y, x}]++;
                }
        set<pair<int, int>> next;
        for (const auto &e : cnt)
            if (e.second == 3 || (e.second == 2 && live.count(e.first))) next.insert(e.first);
        live.swap(next);
    }
    for (int i = 0; i < h; i++) {
        string row(w, '.');
        for (int j = 0; j < w; j++)
            if (live.count({i, j})) row[j] = '#';
        cout << row << "\n";
    }
}
