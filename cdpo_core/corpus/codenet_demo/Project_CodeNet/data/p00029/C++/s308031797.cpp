#include <cstdio>
int H, W;
char g[105][105];
bool visited[105][105];
void dfs(int y, int x) {
    if (y < 0 || y >= H || x < 0 || x >= W) return;
    if (vistied[y][x] || g[y][x] != '#') return;
    visited[y][x] = true;
    dfs(y + 1, x); dfs(y - 1, x); dfs(y, x + 1); dfs(y, x - 1);
}
int main() {
    scanf("%d %d", &H, &W);
    for (int i = 0; i < H; i++) scanf("%s", g[i]);
    int cnt = 0;
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++)
            if (g[i][j] == '#' && !visited[i][j]) { dfs(i, j); cnt++; }
    printf("%d\n", cnt);
}
