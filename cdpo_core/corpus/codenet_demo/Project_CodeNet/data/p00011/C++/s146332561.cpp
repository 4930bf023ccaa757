#include <stdio.h>

int main(void)
{
    int n;
    const int c[6] = {500, 100, 50, 10, 5, 1};
    int cnt = 0;
    scanf("%d", &n);
    for (int i = 0; i < 6; i++) {
        cnt += n / c[i];
        n %= c[i];
    }
    printf("%d\n", cnt);
    return 0;
}
