// Fixed 4-bit window: precompute m^0..m^15 and consume the exponent one hex digit at a time.
#include <cstdio>

typedef unsigned long long ull;
const ull MOD = 1000000007ULL;

int main()
{
	ull m, n;
	scanf("%llu %llu", &m, &n);
	ull table[16];
	table[0] = 1;
	for (int i = 1; i < 16; i++)
		table[i] = table[i - 1] * (m % MOD) % MOD;
	ull result = 1;
	for (int shift = 28; shift >= 0; shift -= 4)
	{
		for (int k = 0; k < 4; k++)
			result = result * result % MOD;
		result = result * table[(n >> shift) & 15] % MOD;
	}
	printf("%llu\n", result);
	return 0;
}
