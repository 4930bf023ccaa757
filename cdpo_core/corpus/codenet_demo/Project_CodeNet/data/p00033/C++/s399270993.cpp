#include <cstdio>
#include <queue>
#include <vector>
#include <functional>
using namespace std;

typedef pair<int, int> pii;

int main() {
    int n, m;
    scanf("%d %d", &n, &m);
    vector<vector<pii> > adj(n + 1);
    for (int i = 0; i < m; i++) {
        int u, v, w;
        scanf("%d %d %d", &u, &v, &w);
        adj[u].push_back(pii(w, v));
        adj[v].push_back(pii(w, u));
    }
    vector<bool> in(n + 1, false);
    priority_queue<pii, vector<pii>, greater<pii> > pq;
    pq.push(pii(0, 1));
    long long cost = 0;
    int taken = 0;
    while (!pq.empty() && taken < n) {
        pii t = pq.top();
        pq.pop();
        int v = t.second;
        if (in[v]) continue;
        in[v] = true;
        taken++;
        cost += t.first;
        for (size_t i = 0; i < adj[v].size(); i++)
            if (!in[adj[v][i].second]) pq.push(adj[v][i]);
    }
    printf("%lld\n", cost);
    return 0;
}
