#include <cstdio>
#include <queue>
#include <vector>
using namespace std;
typedef long long ll;
int main() {
    int n, m, s;
    scanf("%d %d %d", &n, &m, &s);
    vector<vector<pair<int, ll> > > g(n + 1);
    for (int i = 0; i < m; i++) {
        int a, b; ll c;
        scanf("%d %d %lld", &a, &b, &c);
        g[a].push_back(make_pair(b, c));
    }
    vector<ll> d(n + 1, -1);
    queue<int> q;
    d[s] = 0;
    q.push(s);
    while (!q.empty()) {
        int u = q.front(); q.pop();
        for (size_t i = 0; i < g[u].size(); i++) {
            int v = g[u][i].first;
            if (d[v] == -1) {
                d[v] = d[u] + g[u][i].second;
                q.push(v);
            }
        }
    }
    for (int i = 1; i <= n; i++) {
        if (d[i] == -1) puts("INF");
        else printf("%lld\n", d[i]);
    }
}
