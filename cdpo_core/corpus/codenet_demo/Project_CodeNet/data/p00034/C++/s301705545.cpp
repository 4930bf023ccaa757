#include <cstdio>
#include <vector>
#include <queue>
using namespace std;
int n;
vector<vector<int> > g;
pair<int,int> bfs(int s) {
    vector<int> d(n + 1, -1);
    queue<int> q; q.push(s); d[s] = 0;
    pair<int,int> r(0, s);
    while (!q.empty()) {
        int v = q.front(); q.pop();
        if (d[v] > r.first) r = make_pair(d[v], v);
        for (size_t i = 0; i < g[v].size(); i++) if (d[g[v][i]] < 0) { d[g[v][i]] = d[v] + 1; q.push(g[v][i]); }
    }
    return r;
}
int main() {
    scanf("%d", &n);
    g.resize(n + 1);
    for (int i = 1; i < n; i++) {
        int a, b, w;
        scanf("%d %d %d", &a, &b, &w);
        g[a].push_back(b);
        g[b].push_back(a);
    }
    int far = bfs(1).second;
    printf("%d\n", bfs(far).first);
}
