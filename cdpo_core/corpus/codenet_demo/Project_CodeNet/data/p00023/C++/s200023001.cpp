#include <stdio.h>
#include <stdlib.h>

int a[100000], n;

int cmp(const void *x, const void *y)
{
    int p = *(const int *)x, q = *(const int *)y;
    return (p > q) - (p < q);
}

/* number of elements strictly less than v */
int countLess(int v)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (a[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

int main(void)
{
    int q, l, r;
    scanf("%d", &n);
    for (int i = 0; i < n; i++) scanf("%d", &a[i]);
    qsort(a, n, sizeof(int), cmp);
    scanf("%d", &q);
    while (q--) {
        scanf("%d %d", &l, &r);
        printf("%d\n", countLess(r + 1) - countLess(l));
    }
    return 0;
}
