#include <stdio.h>

#define MOD 1000000007
char grid[1005][1005];
int cnt[1005][1005];

int main(void)
{
    int H, W;
    scanf("%d %d", &H, &W);
    for (int i = 1; i <= H; i++) scanf("%s", grid[i] + 1);
    cnt[1][1] = 1;
    for (int i = 1; i <= H; i++) {
        for (int j = 1; j <= W; j++) {
            if (i == 1 && j == 1) continue;
            if (grid[i][j] == '#') cnt[i][j] = 0;
            else cnt[i][j] = (cnt[i - 1][j] + cnt[i][j - 1]) % MOD;
        }
    }
    printf("%d\n", cnt[H][W]);
    return 0;
}
