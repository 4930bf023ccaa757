#include <iostream>
#include <string>
#include <vector>

class Life {
public:
    explicit Life(std::vector<std::string> board)
        : board_(std::move(board)), h_(static_cast<int>(board_.size())),
          w_(static_cast<int>(board_[0].size())) {}

    void step() {
        std::vector<std::string> next(h_, std::string(w_, '.'));
        for (int r = 0; r < h_; ++r)
            for (int c = 0; c < w_; ++c) {
                const int n = neighbours(r, c);
                if (n == 3 || (n == 2 && alive(r, c))) next[r][c] = '#';
            }
        board_.swap(next);
    }

    void print(std::ostream &os) const {
        for (const auto &row : board_) os << row << '\n';
    }

private:
    std::vector<std::string> board_;
    int h_, w_;

    bool alive(int r, int c) const {
        return r >= 0 && r < h_ && c >= 0 && c < w_ && board_[r][c] == '#';
    }
    int neighbours(int r, int c) const {
        int n = 0;
        for (int dr = -1; dr <= 1; ++dr)
            for (int dc = -1; dc <= 1; ++dc)
                if ((dr != 0 || dc != 0) && alive(r + dr, c + dc)) ++n;
        return n;
    }
};

int main() {
    int h, w, k;
    std::cin >> h >> w >> k;
    std::vector<std::string> board(h);
    for (auto &row : board) std::cin >> row;
    Life life(board);
    for (int i = 0; i < k; ++i) life.step();
    life.print(std::cout);
    return 0;
}
