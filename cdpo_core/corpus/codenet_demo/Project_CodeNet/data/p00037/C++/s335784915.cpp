#include <iostream>
#include <vector>

class SpiralWalker {
public:
    SpiralWalker(int h, int w) : h_(h), w_(w), seen_(h, std::vector<bool>(w, false)) {}

    // returns the cells in clockwise spiral order
    std::vector<std::pair<int, int>> walk() {
        std::vector<std::pair<int, int>> cells;
        int r = 0, c = 0, dir = 0;
        while (static_cast<int>(cells.size()) < h_ * w_) {
            cells.push_back({r, c});
            seen_[r][c] = true;
            for (int turn = 0; turn < 4; ++turn) {
                int nr = r + kDr[dir], nc = c + kDc[dir];
                if (free(nr, nc)) {
                    r = nr;
                    c = nc;
                    break;
                }
                dir = (dir + 1) % 4;
            }
        }
        return cells;
    }

private:
    static constexpr int kDr[4] = {0, 1, 0, -1};
    static constexpr int kDc[4] = {1, 0, -1, 0};
    int h_, w_;
    std::vector<std::vector<bool>> seen_;

    bool free(int r, int c) const { return r >= 0 && r < h_ && c >= 0 && c < w_ && !seen_[r][c]; }
};

int main() {
    int h, w;
    std::cin >> h >> w;
    std::vector<std::vector<int>> a(h, std::vector<int>(w));
    for (auto &row : a)
        for (auto &v : row) std::cin >> v;
    SpiralWalker walker(h, w);
    bool first = true;
    for (auto [r, c] : walker.walk()) {
        std::cout << (first ? "" : " ") << a[r][c];
        first = false;
    }
    std::cout << "\n";
}
