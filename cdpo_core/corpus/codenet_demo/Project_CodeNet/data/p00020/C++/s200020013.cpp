#include <cstdio>

typedef unsigned long long u64;

int main() {
    u64 a, b;
    while (scanf("%llu %llu", &a, &b) == 2) {
        u64 x = a, y = b;
        while (y != 0) {
            u64 t = x % y;
            x = y;
            y = t;
        }
        printf("%llu %llu\n", x, a / x * b);
    }
    return 0;
}
