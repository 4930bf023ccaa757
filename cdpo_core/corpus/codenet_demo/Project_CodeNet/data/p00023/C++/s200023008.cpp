#include <cstdio>
#include <algorithm>

int a[100005];

int main() {
    int n, q;
    scanf("%d", &n);
    for (int i = 0; i < n; i++) scanf("%d", &a[i]);
    scanf("%d", &q);
    while (q--) {
        int l, r;
        scanf("%d %d", &l, &r);
        int hi = std::upper_bound(a, a + n, r) - a;
        int lo = std::lower_bound(a, a + n, l) - a;
        printf("%d\n", hi - lo);
    }
    return 0;
}
