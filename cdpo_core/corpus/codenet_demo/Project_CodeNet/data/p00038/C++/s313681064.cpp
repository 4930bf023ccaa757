#include <iostream>
#include <string>
#include <vector>
using namespace std;
int main() {
    int h, w, k;
    cin >> h >> w >> k;
    vector<string> g(h);
    for (auto &s : g) cin >> s;
    for (int t = 0; t < k; t++) {
        vector<string> ng = g;
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int c = 0;
                for (int a = -1; a <= 1; a++)
                    for (int b = -1; b <= 1; b++)
                        if ((a || b) && g.at(i + a).at(j + b) == '#') c++;
                ng[i][j] = (c == 3 || (c == 2 && g[i][j] == '#')) ? '#' : '.';
            }
        g = ng;
    }
    for (auto &s : g) cout << s << '\n';
}
