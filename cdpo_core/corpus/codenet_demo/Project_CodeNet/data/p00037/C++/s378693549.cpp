#include <bits/stdc++.h>
#define rep(i, n) for (int i = 0; i < (int)(n); ++i)
using namespace std;

// the spiral is runs of length W, H-1, W-1, H-2, W-2, ... in the directions R, D, L, U
int main() {
  int H, W;
  scanf("%d%d", &H, &W);
  vector<vector<int>> A(H, vector<int>(W));
  rep(i, H) rep(j, W) scanf("%d", &A[i][j]);
  const int DY[] = {0, 1, 0, -1}, DX[] = {1, 0, -1, 0};
  int len[2] = {W, H - 1};
  int y = 0, x = -1, d = 0;
  vector<int> res;
  while (len[d % 2] > 0) {
    rep(k, len[d % 2]) {
      y += DY[d];
      x += DX[d];
      res.push_back(A[y][x]);
    }
    len[d % 2]--;
    d = (d + 1) % 4;
  }
  rep(i, res.size()) printf("%d%c", res[i], i + 1 == (int)res.size() ? '\n' : ' ');
  return 0;
}
