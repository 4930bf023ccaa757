#include <stdio.h>
#include <string.h>

char X[1010], Y[1010];
int c[1010][1010];

int main(void)
{
    scanf("%s %s", X + 1, Y + 1);
    int n = strlen(X + 1), m = strlen(Y + 1);
    for (int i = 1; i <= n; i++)
        for (int j = 1; j <= m; j++) {
            if (X[i] == Y[j])
                c[i][j] = c[i - 1][j - 1] + 1;
            else if (c[i - 1][j] >= c[i][j - 1])
                c[i][j] = c[i - 1][j];
            else
                c[i][j] = c[i][j - 1];
        }
    printf("%d\n", c[n][m]);
    return 0;
}
