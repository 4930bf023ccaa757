// BFS over amounts: every coin is an edge of length one.
#include <iostream>
#include <queue>
#include <vector>
using namespace std;

int main() {
    int n, m;
    cin >> n >> m;
    vector<int> coins(m);
    for (auto &c : coins) cin >> c;
    vector<int> dist(n + 1, -1);
    queue<int> q;
    dist[0] = 0;
    q.push(0);
    while (!q.empty()) {
        int cur = q.front();
        q.pop();
        if (cur == n) break;
        for (int c : coins) {
            int nx = cur + c;
            if (nx <= n && dist[nx] == -1) {
                dist[nx] = dist[cur] + 1;
                q.push(nx);
            }
        }
    }
    cout << dist[n] << endl;
    return 0;
}
