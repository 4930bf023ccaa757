#include <iostream>
#include <string>
#include <vector>
using namespace std;

class Grid {
    int h_, w_;
    vector<string> cells_;
    vector<vector<bool>> visited_;

    void flood(int sy, int sx) {
        vector<pair<int, int>> q{{sy, sx}};
        visited_[sy][sx] = true;
        for (size_t head = 0; head < q.size(); ++head) {
            int y = q[head].first, x = q[head].second;
            const int off[5] = {0, 1, 0, -1, 0};
            for (int k = 0; k < 4; ++k) {
                int ny = y + off[k], nx = x + off[k + 1];
                if (ny < 0 || ny >= h_ || nx < 0 || nx >= w_) continue;
                if (cells_[ny][nx] != '#' || visited_[ny][nx]) continue;
                visited_[ny][nx] = true;
                q.push_back({ny, nx});
            }
        }
    }

public:
    Grid(int h, int w, vector<string> cells)
        : h_(h), w_(w), cells_(std::move(cells)), visited_(h, vector<bool>(w, false)) {}

    int countIslands() {
        int n = 0;
        for (int y = 0; y < h_; ++y)
            for (int x = 0; x < w_; ++x)
                if (cells_[y][x] == '#' && !visited_[y][x]) {
                    flood(y, x);
                    ++n;
                }
        return n;
    }
};

int main() {
    int h, w;
    cin >> h >> w;
    vector<string> rows(h);
    for (auto &r : rows) cin >> r;
    Grid grid(h, w, rows);
    cout << grid.countIslands() << "\n";
}
