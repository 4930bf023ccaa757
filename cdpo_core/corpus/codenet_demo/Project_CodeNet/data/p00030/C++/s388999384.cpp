#include <cstdio>
#include <set>
#include <vector>
using namespace std;

struct Edge {
    int to;
    long long cost;
};

int main() {
    int n, m, s;
    scanf("%d %d %d", &n, &m, &s);
    vector<vector<Edge>> adj(n + 1);
    for (int i = 0; i < m; ++i) {
        int a, b;
        long long c;
        scanf("%d %d %lld", &a, &b, &c);
        adj[a].push_back(Edge{b, c});
    }
    vector<long long> d(n + 1, -1);
    set<pair<long long, int>> open;
    d[s] = 0;
    open.insert(make_pair(0LL, s));
    while (!open.empty()) {
        int u = open.begin()->second;
        open.erase(open.begin());
        for (const Edge &e : adj[u]) {
            long long nd = d[u] + e.cost;
            if (d[e.to] == -1 || nd < d[e.to]) {
                if (d[e.to] != -1) open.erase(make_pair(d[e.to], e.to));
                d[e.to] = nd;
                open.insert(make_pair(nd, e.to));
            }
        }
    }
    for (int i = 1; i <= n; ++i) {
        if (d[i] < 0) puts("INF");
        else printf("%lld\n", d[i]);
    }
    return 0;
}
