#include <cstdio>
int main() {
    int n;
    scanf("%d", &n);
    long long x[1005], y[1005];
    for (int i = 0; i < n; i++) scanf("%lld %lld", &x[i], &y[i]);
    long long s = 0;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        s += x[i] * y[j] - x[j] * y[i];
    }
    printf("%.1f\n", s / 2.0);
    return 0;
}
