#include <cstdio>
#include <queue>
#include <vector>
#include <functional>
using namespace std;
int main() {
    int n, m;
    scanf("%d %d", &n, &m);
    vector<vector<int> > g(n + 1);
    vector<int> d(n + 1, 0);
    for (int i = 0; i < m; i++) {
        int a, b;
        scanf("%d %d", &a, &b);
        g[a].push_back(b);
        d[b]++;
    }
    priority_queue<int, vector<int>, greater<int> > pq;
    for (int i = 1; i <= n; i++) if (d[i] == 0) pq.push(i);
    bool first = true;
    while (!pq.empty()) {
        int v = pq.top(); pq.pop();
        printf(first ? "%d" : " %d", v);
        first = false;
        for (size_t j = 0; j < g[v].size(); j++) if (--d[g[v][j]] == 0) pq.push(g[v][j]);
    }
    printf("\n");
    return 0;
}
