#include <cstdio>
#include <algorithm>
#define rep(i, n) for (int i = 0; i < (n); i++)
typedef long long ll;

struct Edge {
	int u, v, w;
	bool operator<(const Edge &o) const { return w < o.w; }
};

Edge es[100005];
int par[10005], rk[10005];

int find(int x) {
	while (par[x] != x) x = par[x] = par[par[x]];
	return x;
}

int main() {
	int n, m;
	scanf("%d%d", &n, &m);
	rep(i, m) scanf("%d%d%d", &es[i].u, &es[i].v, &es[i].w);
	std::sort(es, es + m);
	rep(i, n + 1) par[i] = i, rk[i] = 0;
	ll res = 0;
	int used = 0;
	rep(i, m) {
		if (used == n - 1) break;
		int a = find(es[i].u), b = find(es[i].v);
		if (a == b) continue;
		if (rk[a] < rk[b]) std::swap(a, b);
		par[b] = a;
		if (rk[a] == rk[b]) rk[a]++;
		res += es[i].w;
		used++;
	}
	printf("%lld\n", res);
	return 0;
}
