#include <cstdio>
#include <cstring>

const int MOD = 1000000007;
int memo[2001][2001];

// top-down Pascal with memoisation; -1 marks "not computed yet"
int binom(int n, int r) {
    if (r < 0 || r > n) return 0;
    if (r == 0 || r == n) return 1;
    int &m = memo[n][r];
    if (m >= 0) return m;
    return m = (binom(n - 1, r - 1) + binom(n - 1, r)) % MOD;
}

int main()
{
	memset(memo, -1, sizeof(memo));
	int q;
	scanf("%d", &q);
	while (q--) {
		int n, r;
		scanf("%d %d", &n, &r);
		printf("%d\n", binom(n, r));
	}
	return 0;
}
