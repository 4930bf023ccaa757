#include <cstdio>

int a[105][105];
bool used[105][105];
const int dr[4] = {0, 1, 0, -1};
const int dc[4] = {1, 0, -1, 0};

// walk forward, turn right when the next cell is outside or already taken
int main() {
    int h, w;
    scanf("%d %d", &h, &w);
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) scanf("%d", &a[i][j]);
    int r = 0, c = 0, d = 0;
    for (int k = 0; k < h * w; k++) {
        printf(k ? " %d" : "%d", a[r][c]);
        used[r][c] = true;
        int nr = r + dr[d], nc = c + dc[d];
        if (nr < 0 || nr >= h || nc < 0 || nc >= w || used[nr][nc]) {
            d = (d + 1) % 4;
            nr = r + dr[d];
            nc = c + dc[d];
        }
        r = nr;
        c = nc;
    }
    printf("\n");
    return 0;
}
