#include <cstdio>
char g[55][55];
int main() {
    int h, w, k;
    scanf("%d %d %d", &h, &w, &k);
    for (int i = 1; i <= h; i++) scanf("%s", g[i] + 1);
    for (int t = 0; t < k; t++)
        for (int i = 1; i <= h; i++)
            for (int j = 1; j <= w; j++) {
                int c = 0;
                for (int a = -1; a <= 1; a++)
                    for (int b = -1; b <= 1; b++)
                        if ((a || b) && g[i + a][j + b] == '#') c++;
                g[i][j] = (c == 3 || (c == 2 && g[i][j] == '#')) ? '#' : '.';
            }
    for (int i = 1; i <= h; i++) puts(g[i] + 1);
    return 0;
}
