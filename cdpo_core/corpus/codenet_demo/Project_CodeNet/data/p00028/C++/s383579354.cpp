#include <iostream>
#include <vector>
#include <string>
#include <algorithm>
using namespace std;

// relax every cell from its neighbours until nothing changes (Bellman-Ford on a grid)
int main()
{
    int h, w;
    cin >> h >> w;
    vector<string> g(h);
    for (int i = 0; i < h; i++)
        cin >> g[i];
    const int INF = 1000000;
    vector<vector<int> > d(h, vector<int>(w, INF));
    int gy = 0, gx = 0;
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++)
        {
            if (g[i][j] == 'S') d[i][j] = 0;
            if (g[i][j] == 'G') { gy = i; gx = j; }
        }
    bool changed = true;
    while (changed)
    {
        changed = false;
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++)
            {
                if (g[i][j] == '#') continue;
                int best = d[i][j];
                if (i > 0) best = min(best, d[i - 1][j] + 1);
                if (i + 1 < h) best = min(best, d[i + 1][j] + 1);
                if (j > 0) best = min(best, d[i][j - 1] + 1);
                if (j + 1 < w) best = min(best, d[i][j + 1] + 1);
                if (best < d[i][j])
                {
                    d[i][j] = best;
                    changed = true;
                }
            }
    }
    if (d[gy][gx] >= INF) cout << -1 << endl;
    else cout << d[gy][gx] << endl;
    return 0;
}
