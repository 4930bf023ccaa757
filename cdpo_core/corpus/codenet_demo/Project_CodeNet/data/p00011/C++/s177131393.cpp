#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

int main() {
	ll n;
	cin >> n;
	// every 500 is one coin; the rest (< 500) by small dp
	ll big = n / 500;
	int r = n % 500;
	vector<int> dp(r + 1, INT_MAX);
	dp[0] = 0;
	int c[] = {1, 5, 10, 50, 100};
	for (int v = 1; v <= r; v++)
		for (int x : c)
			if (x <= v && dp[v - x] != INT_MAX) dp[v] = min(dp[v], dp[v - x] + 1);
	cout << big + dp[r] << endl;
	return 0;
}
