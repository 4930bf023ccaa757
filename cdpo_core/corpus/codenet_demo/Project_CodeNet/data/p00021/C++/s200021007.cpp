// Deterministic Miller-Rabin with bases 2 and 3 (valid below 1,373,653).
#include <cstdio>
#include <vector>

typedef unsigned long long u64;

static u64 power(u64 b, u64 e, u64 m)
{
	u64 r = 1;
	b %= m;
	while (e)
	{
		if (e & 1) r = r * b % m;
		b = b * b % m;
		e >>= 1;
	}
	return r;
}

static bool isPrime(u64 n)
{
	if (n < 2) return false;
	if (n % 2 == 0) return n == 2;
	if (n % 3 == 0) return n == 3;
	u64 d = n - 1;
	int s = 0;
	while (d % 2 == 0) { d /= 2; s++; }
	const u64 bases[2] = {2, 3};
	for (u64 a : bases)
	{
		u64 x = power(a, d, n);
		if (x == 1 || x == n - 1) continue;
		bool composite = true;
		for (int r = 1; r < s && composite; r++)
		{
			x = x * x % n;
			if (x == n - 1) composite = false;
		}
		if (composite) return false;
	}
	return true;
}

int main()
{
	std::vector<int> pi(1000000, 0);
	for (int i = 1; i < 1000000; i++) pi[i] = pi[i - 1] + (isPrime(i) ? 1 : 0);
	int n;
	while (scanf("%d", &n) == 1) printf("%d\n", pi[n]);
	return 0;
}
