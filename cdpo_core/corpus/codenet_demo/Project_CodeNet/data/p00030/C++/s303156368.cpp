#include <iostream>
#include <vector>
#include <climits>
using namespace std;

// O(n^2) Dijkstra on an adjacency list: fine for n <= 10^4
int main()
{
    int n, m, s;
    cin >> n >> m >> s;
    vector<vector<pair<int, long long> > > g(n + 1);
    for (int i = 0; i < m; i++)
    {
        int a, b;
        long long c;
        cin >> a >> b >> c;
        g[a].push_back(make_pair(b, c));
    }
    const long long INF = LLONG_MAX / 4;
    vector<long long> dist(n + 1, INF);
    vector<bool> done(n + 1, false);
    dist[s] = 0;
    for (int iter = 0; iter < n; iter++)
    {
        int u = -1;
        for (int v = 1; v <= n; v++)
            if (!done[v] && (u == -1 || dist[v] < dist[u]))
                u = v;
        if (u == -1 || dist[u] == INF)
            break;
        done[u] = true;
        for (size_t k = 0; k < g[u].size(); k++)
        {
            int v = g[u][k].first;
            if (dist[u] + g[u][k].second < dist[v])
                dist[v] = dist[u] + g[u][k].second;
        }
    }
    for (int v = 1; v <= n; v++)
    {
        if (dist[v] == INF)
            cout << "INF" << endl;
        else
            cout << dist[v] << endl;
    }
    return 0;
}
