#include <bits/stdc++.h>
using namespace std;

const int MOD = 1'000'000'007;
int H, W;
vector<string> g;
vector<vector<int>> memo;

// number of paths from (i, j) to the goal
int paths(int i, int j) {
    if (i >= H || j >= W || g[i][j] == '#') return 0;
    if (i == H - 1 && j == W - 1) return 1;
    int &r = memo[i][j];
    if (r >= 0) return r;
    return r = (paths(i + 1, j) + paths(i, j + 1)) % MOD;
}

int main() {
    cin >> H >> W;
    g.resize(H);
    for (auto &s : g) cin >> s;
    memo.assign(H, vector<int>(W, -1));
    for (int i = H - 1; i >= 0; i--)
        for (int j = W - 1; j >= 0; j--) paths(i, j);
    cout << paths(0, 0) << '\n';
}
