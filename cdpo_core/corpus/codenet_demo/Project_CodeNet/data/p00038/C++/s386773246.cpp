#include <bits/stdc++.h>
using namespace std;
int main() {
    int h, w, k;
    cin >> h >> w >> k;
    vector<string> g(h);
    for (auto &s : g) cin >> s;
    while (k--) {
        vector<string> ng(h, string(w, '.'));
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int c = 0;
                for (int a = -1; a <= 1; a++)
                    for (int b = -1; b <= 1; b++)
                        if ((a || b) && g[(i + a + h) % h][(j + b + w) % w] == '#') c++;
                if (c == 3 || (c == 2 && g[i][j] == '#')) ng[i][j] = '#';
            }
        g = ng;
    }
    for (auto &s : g) cout << s << endl;
}
