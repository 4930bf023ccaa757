#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

// peel leaves like a topological sort; each vertex keeps its best downward path
int main()
{
	int n;
	cin >> n;
	vector<vector<pair<int,int>>> g(n + 1);
	vector<int> deg(n + 1, 0);
	for (int i = 0; i < n - 1; i++) {
		int a, b, w;
		cin >> a >> b >> w;
		g[a].push_back({b, w});
		g[b].push_back({a, w});
		deg[a]++;
		deg[b]++;
	}
	vector<ll> best(n + 1, 0);
	vector<bool> removed(n + 1, false);
	queue<int> leaves;
	for (int v = 1; v <= n; v++) if (deg[v] == 1) leaves.push(v);
	ll ans = 0;
	int left = n;
	while (left > 1) {
		int v = leaves.front(); leaves.pop();
		removed[v] = true;
		left--;
		for (auto &e : g[v]) {
			int u = e.first;
			if (removed[u]) continue;
			ll cand = best[v] + e.second;
			ans = max(ans, best[u] + cand);
			best[u] = max(best[u], cand);
			if (--deg[u] == 1) leaves.push(u);
		}
	}
	cout << ans << endl;
	return 0;
}
