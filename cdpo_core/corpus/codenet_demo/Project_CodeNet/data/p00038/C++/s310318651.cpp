#include <iostream>
#include <vector>
#include <string>
int main() {
    int h, w, k;
    std::cin >> h >> w >> k;
    std::vector<string> g(h);
    for (auto &s : g) std::cin >> s;
    while (k--) {
        std::vector<string> ng(h, string(w, '.'));
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int c = 0;
                for (int a = -1; a <= 1; a++)
                    for (int b = -1; b <= 1; b++) {
                        int y = i + a, x = j + b;
                        if ((a || b) && y >= 0 && y < h && x >= 0 && x < w && g[y][x] == '#') c++;
                    }
                if (c == 3 || (c == 2 && g[i][j] == '#')) ng[i][j] = '#';
            }
        g = ng;
    }
    for (auto &s : g) std::cout << s << "\n";
}
