#include <cstdio>
int H, W;
char g[50][50];
int seen[50][50];
void fill(int y, int x) {
    if (y < 0 || y >= H || x < 0 || x >= W) return;
    if (seen[y][x] || g[y][x] != '#') return;
    seen[y][x] = 1;
    fill(y + 1, x);
    fill(y - 1, x);
    fill(y, x + 1);
    fill(y, x - 1);
}
int main() {
    scanf("%d %d", &H, &W);
    for (int i = 0; i < H; i++) scanf("%s", g[i]);
    int ans = 0;
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++)
            if (g[i][j] == '#' && !seen[i][j]) {
                fill(i, j);
                ans++;
            }
    printf("%d\n", ans);
    return 0;
}
