#include <iostream>
#include <vector>
#include <string>
using namespace std;

struct ModInt {
    static const int MOD = 1000000007;
    int v;
    ModInt(long long x = 0) : v(static_cast<int>(x % MOD)) {}
    ModInt operator+(const ModInt &o) const { return ModInt(static_cast<long long>(v) + o.v); }
    ModInt &operator+=(const ModInt &o) { return *this = *this + o; }
};

int main() {
    int H, W;
    cin >> H >> W;
    vector<string> maze(H);
    for (int i = 0; i < H; ++i) cin >> maze[i];
    vector<vector<ModInt>> ways(H, vector<ModInt>(W));
    ways[0][0] = 1;
    for (int i = 0; i < H; ++i)
        for (int j = 0; j < W; ++j) {
            if (maze[i][j] == '#') continue;
            if (i) ways[i][j] += ways[i - 1][j];
            if (j) ways[i][j] += ways[i][j - 1];
        }
    cout << ways[H - 1][W - 1].v << endl;
    return 0;
}
