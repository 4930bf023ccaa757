#include <bits/stdc++.h>
#define rep(i, a, b) for (int i = (a); i <= (b); i++)
using namespace std;
typedef long long ll;
const ll MOD = 1000000007;

ll mpow(ll a, ll e) { return e == 0 ? 1 : mpow(a * a % MOD, e / 2) * (e % 2 ? a : 1) % MOD; }

int main() {
	int n;
	scanf("%d", &n);
	// walk Pascal's triangle down to row 2n keeping one row, then divide by n + 1
	vector<ll> row(2 * n + 1, 0);
	row[0] = 1;
	rep(i, 1, 2 * n) for (int j = i; j >= 1; j--) row[j] = (row[j] + row[j - 1]) % MOD;
	ll central = row[n];
	printf("%lld\n", central * mpow(n + 1, MOD - 2) % MOD);
	return 0;
}
