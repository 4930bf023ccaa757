#include <cstdio>

int main() {
    long long m, n, r = 1;
    scanf("%lld %lld", &m, &n);
    for (long long i = 0; i < n; i++) {
        r = r * m % 1000000007;
    }
    printf("%lld\n", r);
    return 0;
}
