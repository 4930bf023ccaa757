#include <cstdio>

int main() {
    unsigned long long m, n, r = 1;
    const unsigned long long P = 1000000007ULL;
    if (scanf("%llu %llu", &m, &n) != 2) return 0;
    for (m %= P; n; n >>= 1, m = m * m % P)
        if (n & 1) r = r * m % P;
    printf("%llu\n", r);
    return 0;
}
