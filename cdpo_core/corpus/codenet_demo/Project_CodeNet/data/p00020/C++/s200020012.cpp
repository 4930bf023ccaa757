#include <stdio.h>

long long gcd(long long a, long long b)
{
    if (b == 0) return a;
    return gcd(b, a % b);
}

int main(void)
{
    long long a, b;
    while (scanf("%lld %lld", &a, &b) != EOF) {
        long long g = gcd(a, b);
        printf("%lld %lld\n", g, a / g * b);
    }
    return 0;
}
