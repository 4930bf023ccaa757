#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

// ring by ring; a ring that is a single row or column is printed once
int main() {
    int H, W;
    cin >> H >> W;
    vector<vector<long long>> m(H, vector<long long>(W));
    for (int i = 0; i < H; ++i)
        for (int j = 0; j < W; ++j) cin >> m[i][j];
    vector<long long> seq;
    int rings = (min(H, W) + 1) / 2;
    for (int k = 0; k < rings; ++k) {
        int r1 = k, c1 = k, r2 = H - 1 - k, c2 = W - 1 - k;
        if (r1 == r2) {
            for (int j = c1; j <= c2; ++j) seq.push_back(m[r1][j]);
        } else if (c1 == c2) {
            for (int i = r1; i <= r2; ++i) seq.push_back(m[i][c1]);
        } else {
            for (int j = c1; j < c2; ++j) seq.push_back(m[r1][j]);
            for (int i = r1; i < r2; ++i) seq.push_back(m[i][c2]);
            for (int j = c2; j > c1; --j) seq.push_back(m[r2][j]);
            for (int i = r2; i > r1; --i) seq.push_back(m[i][c1]);
        }
    }
    for (size_t i = 0; i < seq.size(); ++i) {
        if (i) cout << ' ';
        cout << seq[i];
    }
    cout << '\n';
}
