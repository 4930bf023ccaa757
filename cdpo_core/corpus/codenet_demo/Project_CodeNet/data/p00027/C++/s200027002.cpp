#include <stdio.h>

int main(void)
{
    int n, i, mask, count = 0;
    long long S, a[20];
    scanf("%d %lld", &n, &S);
    for (i = 0; i < n; i++) scanf("%lld", &a[i]);
    for (mask = 1; mask < (1 << n); mask++) {
        long long total = 0;
        for (i = 0; i < n; i++)
            if (mask & (1 << i)) total += a[i];
        if (total == S) count++;
    }
    printf("%d\n", count);
    return 0;
}
