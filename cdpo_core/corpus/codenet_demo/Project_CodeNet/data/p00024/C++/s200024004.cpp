#include <iostream>
#include <vector>
using namespace std;

int main()
{
	ios::sync_with_stdio(false);
	int n, k;
	cin >> n >> k;
	vector<long long> w(n);
	for (int i = 0; i < n; i++)
		cin >> w[i];
	long long lo = 1, hi = 1000000000LL;
	while (lo < hi)
	{
		long long P = (lo + hi) / 2;
		int cnt = 0, i = 0;
		while (i < n && cnt < k)
		{
			long long s = 0;
			while (i < n && s + w[i] <= P)
				s += w[i++];
			cnt++;
		}
		if (i == n)
			hi = P;
		else
			lo = P + 1;
	}
	cout << lo << '\n';
	return 0;
}
