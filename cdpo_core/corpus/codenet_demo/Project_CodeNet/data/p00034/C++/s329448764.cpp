#include <cstdio>
#include <vector>
using namespace std;
vector<pair<int,int> > g[10001];
long long d[10001];
void dfs(int v, int p) {
    for (size_t i = 0; i < g[v].size(); i++) {
        int u = g[v][i].first;
        if (u == p) continue;
        d[u] = d[v] + g[v][i].second;
        dfs(u, v);
    }
}
int main() {
    int n;
    scanf("%d", &n);
    for (int i = 1; i < n; i++) {
        int a, b, w;
        scanf("%d %d %d", &a, &b, &w);
        g[a].push_back(make_pair(b, w));
        g[b].push_back(make_pair(a, w));
    }
    dfs(1, 0);
    int s = 1;
    for (int i = 1; i <= n; i++) if (d[i] > d[s]) s = i;
    d[s] = 0;
    dfs(s, 0);
    long long ans = 0;
    for (int i = 1; i <= n; i++) if (d[i] > ans) ans = d[i];
    printf("%lld\n", ans);
}
