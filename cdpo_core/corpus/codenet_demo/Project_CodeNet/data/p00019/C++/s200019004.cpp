#include <iostream>
#include <string>
#include <vector>
using namespace std;

int H, W;
vector<string> g;

long long dfs(int i, int j) {
    if (i >= H || j >= W || g[i][j] == '#') return 0;
    if (i == H - 1 && j == W - 1) return 1;
    return (dfs(i + 1, j) + dfs(i, j + 1)) % 1000000007;
}

int main() {
    cin >> H >> W;
    g.resize(H);
    for (int i = 0; i < H; i++) cin >> g[i];
    cout << dfs(0, 0) << endl;
    return 0;
}
