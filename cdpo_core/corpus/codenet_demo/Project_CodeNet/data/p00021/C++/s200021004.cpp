#include <stdio.h>

#define MAX 1000000
char composite[MAX];

int main(void)
{
    int i, j, n;
    composite[0] = composite[1] = 1;
    for (i = 2; i * i < MAX; i++) {
        if (composite[i]) continue;
        for (j = i * i; j < MAX; j += i) composite[j] = 1;
    }
    while (scanf("%d", &n) == 1) {
        int count = 0;
        for (i = 2; i <= n; i++)
            if (!composite[i]) count++;
        printf("%d\n", count);
    }
    return 0;
}
