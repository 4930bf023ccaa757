#include <cstdio>
#include <cstring>
#include <queue>
#include <functional>
#include <vector>

const int MAXN = 10010, MAXM = 50010;
int head[MAXN], nxt[MAXM], to[MAXM], cnt;
long long cost[MAXM], dis[MAXN];
bool vis[MAXN];

void add_edge(int u, int v, long long w) {
	to[++cnt] = v;
	cost[cnt] = w;
	nxt[cnt] = head[u];
	head[u] = cnt;
}

int main() {
	int n, m, s;
	scanf("%d%d%d", &n, &m, &s);
	for (int i = 1; i <= m; i++) {
		int u, v;
		long long w;
		scanf("%d%d%lld", &u, &v, &w);
		add_edge(u, v, w);
	}
	memset(dis, 0x3f, sizeof(dis));
	const long long UNREACHED = dis[0];
	typedef std::pair<long long, int> node;
	std::priority_queue<node, std::vector<node>, std::greater<node> > pq;
	dis[s] = 0;
	pq.push(node(0, s));
	while (!pq.empty()) {
		int u = pq.top().second;
		pq.pop();
		if (vis[u]) continue;
		vis[u] = true;
		for (int e = head[u]; e; e = nxt[e]) {
			int v = to[e];
			if (dis[u] + cost[e] < dis[v]) {
				dis[v] = dis[u] + cost[e];
				pq.push(node(dis[v], v));
			}
		}
	}
	for (int i = 1; i <= n; i++) {
		if (dis[i] == UNREACHED) printf("INF\n");
		else printf("%lld\n", dis[i]);
	}
	return 0;
}
