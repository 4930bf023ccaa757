#include <stdio.h>

#define MAX 100000
typedef long long llong;

int n, k;
llong T[MAX];

/* how many packages the k trucks can take with maximum load P */
int check(llong P)
{
    int i = 0;
    for (int j = 0; j < k; j++) {
        llong s = 0;
        while (s + T[i] <= P) {
            s += T[i];
            i++;
            if (i == n) return n;
        }
    }
    return i;
}

int main(void)
{
    scanf("%d %d", &n, &k);
    for (int i = 0; i < n; i++) scanf("%lld", &T[i]);
    llong left = 0, right = 100000LL * 10000;
    while (right - left > 1) {
        llong mid = (left + right) / 2;
        if (check(mid) >= n) right = mid;
        else left = mid;
    }
    printf("%lld\n", right);
    return 0;
}
