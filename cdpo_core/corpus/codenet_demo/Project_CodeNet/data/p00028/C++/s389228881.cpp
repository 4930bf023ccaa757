#include <cstdio>
#include <functional>
#include <queue>
#include <vector>
#include <utility>

// Dijkstra with unit weights; slower than plain BFS but the same answer.
int main(void) {
    int h, w;
    if (scanf("%d %d", &h, &w) != 2) return 0;
    std::vector<std::vector<char>> g(h, std::vector<char>(w + 1));
    for (int i = 0; i < h; i++) scanf("%s", g[i].data());
    const int INF = 1 << 29;
    std::vector<int> dist(h * w, INF);
    typedef std::pair<int, int> State;
    std::priority_queue<State, std::vector<State>, std::greater<State>> pq;
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++)
            if (g[i][j] == 'S') { dist[i * w + j] = 0; pq.push(State(0, i * w + j)); }
    int result = -1;
    while (!pq.empty()) {
        State s = pq.top(); pq.pop();
        int v = s.second;
        if (s.first > dist[v]) continue;
        int y = v / w, x = v % w;
        if (g[y][x] == 'G') { result = s.first; break; }
        int ys[4] = {y - 1, y + 1, y, y};
        int xs[4] = {x, x, x - 1, x + 1};
        for (int k = 0; k < 4; k++) {
            if (ys[k] < 0 || ys[k] >= h || xs[k] < 0 || xs[k] >= w) continue;
            if (g[ys[k]][xs[k]] == '#') continue;
            int u = ys[k] * w + xs[k];
            if (dist[v] + 1 < dist[u]) {
                dist[u] = dist[v] + 1;
                pq.push(State(dist[u], u));
            }
        }
    }
    printf("%d\n", result);
    return 0;
}
