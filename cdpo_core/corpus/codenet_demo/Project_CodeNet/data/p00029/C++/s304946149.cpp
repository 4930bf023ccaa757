#include <bits/stdc++.h>
using namespace std;

int main() {
  int h, w;
  cin >> h >> w;
  vector<string> g(h);
  for (auto &s : g) cin >> s;
  // sink each island as it is found, so no visited array is needed
  function<void(int, int)> sink = [&](int y, int x) {
    if (y < 0 || y >= h || x < 0 || x >= w || g[y][x] != '#') return;
    g[y][x] = '.';
    sink(y - 1, x);
    sink(y + 1, x);
    sink(y, x - 1);
    sink(y, x + 1);
  };
  int ans = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (g[y][x] == '#') {
        ans++;
        sink(y, x);
      }
  cout << ans << endl;
}
