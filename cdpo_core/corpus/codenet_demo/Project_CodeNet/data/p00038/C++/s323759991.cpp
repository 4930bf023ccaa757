#include <bits/stdc++.h>
using namespace std;

// scatter: every live cell adds one to each of its neighbours
int main() {
  int H, W, K;
  cin >> H >> W >> K;
  vector<string> b(H);
  for (auto &r : b) cin >> r;
  for (int step = 0; step < K; step++) {
    vector<vector<int>> cnt(H, vector<int>(W, 0));
    for (int i = 0; i < H; i++)
      for (int j = 0; j < W; j++) {
        if (b[i][j] != '#') continue;
        for (int y = max(0, i - 1); y <= min(H - 1, i + 1); y++)
          for (int x = max(0, j - 1); x <= min(W - 1, j + 1); x++)
            if (y != i || x != j) cnt[y][x]++;
      }
    for (int i = 0; i < H; i++)
      for (int j = 0; j < W; j++) {
        bool live = b[i][j] == '#';
        b[i][j] = (cnt[i][j] == 3 || (live && cnt[i][j] == 2)) ? '#' : '.';
      }
  }
  for (int i = 0; i < H; i++) cout << b[i] << endl;
}
