#include <cstdio>
#include <cstring>

// 1-indexed with a dead border, so neighbours never need a bounds check
char cur[55][55], nxt[55][55];

int main() {
    int h, w, k;
    scanf("%d %d %d", &h, &w, &k);
    memset(cur, 0, sizeof(cur));
    for (int i = 1; i <= h; i++) {
        char line[64];
        scanf("%s", line);
        for (int j = 1; j <= w; j++) cur[i][j] = line[j - 1] == '#';
    }
    for (int t = 0; t < k; t++) {
        memset(nxt, 0, sizeof(nxt));
        for (int i = 1; i <= h; i++)
            for (int j = 1; j <= w; j++) {
                int n = cur[i - 1][j - 1] + cur[i - 1][j] + cur[i - 1][j + 1] + cur[i][j - 1] +
                        cur[i][j + 1] + cur[i + 1][j - 1] + cur[i + 1][j] + cur[i + 1][j + 1];
                nxt[i][j] = (n == 3 || (n == 2 && cur[i][j]));
            }
        memcpy(cur, nxt, sizeof(cur));
    }
    for (int i = 1; i <= h; i++) {
        for (int j = 1; j <= w; j++) putchar(cur[i][j] ? '#' : '.');
        putchar('\n');
    }
    return 0;
}
