#include <cstdio>

const long long MOD = 1000000007LL;

long long inv(long long a) {
    long long r = 1, e = MOD - 2;
    a %= MOD;
    while (e) {
        if (e & 1) r = r * a % MOD;
        a = a * a % MOD;
        e >>= 1;
    }
    return r;
}

int main(void)
{
	int n;
	scanf("%d", &n);
	long long c = 1;
	// Catalan(k + 1) = Catalan(k) * 2(2k + 1) / (k + 2)
	for (int k = 0; k < n; k++)
		c = c * (2 * (2 * k + 1) % MOD) % MOD * inv(k + 2) % MOD;
	printf("%lld\n", c);
	return 0;
}
