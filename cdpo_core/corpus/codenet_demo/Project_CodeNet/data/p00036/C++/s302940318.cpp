#include <cstdio>

long long X[1005], Y[1005];

int main(void)
{
	int n;
	scanf("%d", &n);
	for (int i = 0; i < n; i++)
		scanf("%lld %lld", &X[i], &Y[i]);
	// move the first vertex to the origin; the area does not change
	long long s = 0;
	for (int i = 1; i + 1 < n; i++) {
		long long ax = X[i] - X[0], ay = Y[i] - Y[0];
		long long bx = X[i + 1] - X[0], by = Y[i + 1] - Y[0];
		s += ax * by - ay * bx;
	}
	if (s < 0)
		s = -s;
	if (s % 2)
		printf("%lld.5\n", s / 2);
	else
		printf("%lld.0\n", s / 2);
	return 0;
}
