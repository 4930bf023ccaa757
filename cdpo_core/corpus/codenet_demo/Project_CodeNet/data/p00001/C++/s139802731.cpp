#include <cstdio>

int main(void)
{
	long long a, b;

	scanf("%lld %lld", &a, &b);

	printf("%lld %lld\n", a + b, a * b);
	return 0;
}
