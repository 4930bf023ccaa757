#include <iostream>
#include <vector>
using namespace std;

// O(V^2 + E) Prim: the key array is scanned linearly instead of kept in a heap
int main()
{
    int n, m;
    cin >> n >> m;
    vector<vector<pair<int, int> > > g(n + 1);
    for (int i = 0; i < m; i++)
    {
        int a, b, c;
        cin >> a >> b >> c;
        g[a].push_back(make_pair(b, c));
        g[b].push_back(make_pair(a, c));
    }
    const int INF = 1 << 30;
    vector<int> key(n + 1, INF);
    vector<bool> used(n + 1, false);
    key[1] = 0;
    long long sum = 0;
    for (int it = 0; it < n; it++)
    {
        int v = -1;
        for (int u = 1; u <= n; u++)
            if (!used[u] && (v < 0 || key[u] < key[v]))
                v = u;
        used[v] = true;
        sum += key[v];
        for (size_t k = 0; k < g[v].size(); k++)
        {
            int u = g[v][k].first, c = g[v][k].second;
            if (!used[u] && c < key[u])
                key[u] = c;
        }
    }
    cout << sum << endl;
    return 0;
}
