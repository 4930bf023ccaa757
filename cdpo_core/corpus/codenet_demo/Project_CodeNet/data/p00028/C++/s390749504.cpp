#include <iostream>
#include <queue>
#include <string>
#include <vector>
using namespace std;

struct Point {
    int r, c;
};

class MazeSolver {
public:
    explicit MazeSolver(const vector<string> &g) : grid(g), h((int)g.size()), w((int)g[0].size()) {}

    int shortest() const {
        Point start = find('S');
        vector<vector<int>> d(h, vector<int>(w, -1));
        queue<Point> q;
        q.push(start);
        d[start.r][start.c] = 0;
        while (!q.empty()) {
            Point p = q.front();
            q.pop();
            if (grid[p.r][p.c] == 'G') return d[p.r][p.c];
            static const int DR[] = {0, 1, 0, -1};
            static const int DC[] = {1, 0, -1, 0};
            for (int k = 0; k < 4; ++k) {
                Point n{p.r + DR[k], p.c + DC[k]};
                if (!open(n) || d[n.r][n.c] >= 0) continue;
                d[n.r][n.c] = d[p.r][p.c] + 1;
                q.push(n);
            }
        }
        return -1;
    }

private:
    vector<string> grid;
    int h, w;

    bool open(const Point &p) const {
        return p.r >= 0 && p.r < h && p.c >= 0 && p.c < w && grid[p.r][p.c] != '#';
    }
    Point find(char ch) const {
        for (int i = 0; i < h; ++i)
            for (int j = 0; j < w; ++j)
                if (grid[i][j] == ch) return Point{i, j};
        return Point{0, 0};
    }
};

int main() {
    int h, w;
    cin >> h >> w;
    vector<string> g(h);
    for (auto &s : g) cin >> s;
    MazeSolver solver(g);
    cout << solver.shortest() << "\n";
    return 0;
}
