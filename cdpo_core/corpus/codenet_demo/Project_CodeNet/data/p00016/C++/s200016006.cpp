#include <stdio.h>

int L[100005];

int main()
{
    int n, len = 0;
    scanf("%d", &n);
    for (int i = 0; i < n; i++) {
        int a;
        scanf("%d", &a);
        int lo = 0, hi = len;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (L[mid] < a) lo = mid + 1;
            else hi = mid;
        }
        L[lo] = a;
        if (lo == len) len++;
    }
    printf("%d\n", len);
    return 0;
}
