#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

vector<int> A;

// smallest index in [lo, hi) with A[index] > x, or hi
int firstGreater(int lo, int hi, int x)
{
	if (lo == hi)
		return lo;
	int mid = lo + (hi - lo) / 2;
	if (A[mid] > x)
		return firstGreater(lo, mid, x);
	return firstGreater(mid + 1, hi, x);
}

int main()
{
	ios::sync_with_stdio(false);
	cin.tie(0);
	int n;
	cin >> n;
	A.resize(n);
	for (int i = 0; i < n; i++)
		cin >> A[i];
	sort(A.begin(), A.end());
	int q;
	cin >> q;
	while (q--)
	{
		int l, r;
		cin >> l >> r;
		cout << firstGreater(0, n, r) - firstGreater(0, n, l - 1) << '\n';
	}
	return 0;
}
