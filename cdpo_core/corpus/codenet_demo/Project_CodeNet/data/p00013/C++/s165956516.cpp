#include <cstdio>

long long s[100001];

int main() {
    int n, q;
    scanf("%d %d", &n, &q);
    for (int i = 1; i <= n; i++) {
        long long x;
        scanf("%lld", &x);
        s[i] = s[i - 1] + x;
    }
    for (int i = 0; i < q; i++) {
        int l, r;
        scanf("%d %d", &l, &r);
        printf("%lld\n", s[r] - s[l - 1]);
    }
    return 0;
}
