#include <stdio.h>

#define MOD 1000000007LL

long long power(long long x, long long n)
{
    if (n == 0) return 1;
    long long half = power(x * x % MOD, n / 2);
    if (n % 2 == 1) half = half * x % MOD;
    return half;
}

int main(void)
{
    long long m, n;
    scanf("%lld %lld", &m, &n);
    printf("%lld\n", power(m, n));
    return 0;
}
