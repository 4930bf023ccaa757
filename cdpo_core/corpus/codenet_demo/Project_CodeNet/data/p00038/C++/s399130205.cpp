#include <iostream>
#include <string>
#include <vector>
using namespace std;

int H, W;

// one generation on a flattened board, then recurse for the remaining ones
vector<bool> run(const vector<bool> &cells, int gens) {
    if (gens == 0) return cells;
    vector<bool> nxt(H * W, false);
    for (int p = 0; p < H * W; p++) {
        int y = p / W, x = p % W, n = 0;
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) {
                if (dy == 0 && dx == 0) continue;
                int yy = y + dy, xx = x + dx;
                if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
                n += cells[yy * W + xx];
            }
        nxt[p] = n == 3 || (n == 2 && cells[p]);
    }
    return run(nxt, gens - 1);
}

int main()
{
    int K;
    cin >> H >> W >> K;
    vector<bool> cells(H * W);
    for (int i = 0; i < H; i++) {
        string s;
        cin >> s;
        for (int j = 0; j < W; j++) cells[i * W + j] = s[j] == '#';
    }
    vector<bool> fin = run(cells, K);
    for (int i = 0; i < H; i++) {
        for (int j = 0; j < W; j++) cout << (fin[i * W + j] ? '#' : '.');
        cout << '\n';
    }
    return 0;
}
