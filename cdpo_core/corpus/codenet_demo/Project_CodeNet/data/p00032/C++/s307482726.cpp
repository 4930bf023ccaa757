#include <bits/stdc++.h>
using namespace std;

int main()
{
	int n, q;
	cin >> n >> q;
	vector<int> up(n), sz(n, 1);
	iota(up.begin(), up.end(), 0);
	// path splitting: each visited node jumps to its grandparent
	auto find = [&](int x) {
		while (up[x] != x) {
			int nx = up[x];
			up[x] = up[nx];
			x = nx;
		}
		return x;
	};
	string out;
	for (int i = 0; i < q; i++) {
		int c, a, b;
		cin >> c >> a >> b;
		a = find(a);
		b = find(b);
		if (c == 1) {
			out += (a == b) ? "1\n" : "0\n";
		} else if (a != b) {
			if (sz[a] < sz[b]) swap(a, b);
			up[b] = a;
			sz[a] += sz[b];
		}
	}
	cout << out;
	return 0;
}
