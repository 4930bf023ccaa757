#include <cstdio>
#include <queue>
#include <vector>
using namespace std;

int n;
vector<vector<pair<int, int> > > adj;

// returns the vertex farthest from s and writes its distance to *best
int farthest(int s, long long *best) {
    vector<long long> d(n + 1, -1);
    queue<int> q;
    d[s] = 0;
    q.push(s);
    int arg = s;
    while (!q.empty()) {
        int v = q.front();
        q.pop();
        if (d[v] > d[arg]) arg = v;
        for (size_t i = 0; i < adj[v].size(); i++) {
            int u = adj[v][i].first;
            if (d[u] < 0) {
                d[u] = d[v] + adj[v][i].second;
                q.push(u);
            }
        }
    }
    *best = d[arg];
    return arg;
}

int main() {
    scanf("%d", &n);
    adj.resize(n + 1);
    for (int i = 1; i < n; i++) {
        int a, b, c;
        scanf("%d %d %d", &a, &b, &c);
        adj[a].push_back(make_pair(b, c));
        adj[b].push_back(make_pair(a, c));
    }
    long long d;
    int a = farthest(1, &d);
    farthest(a, &d);
    printf("%lld\n", d);
    return 0;
}
