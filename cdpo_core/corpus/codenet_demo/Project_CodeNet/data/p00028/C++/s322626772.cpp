#include <iostream>
#include <queue>
#include <string>
#include <tuple>
#include <vector>

int main() {
  int h, w;
  std::cin >> h >> w;
  std::vector<std::string> maze(h);
  for (int i = 0; i < h; ++i) std::cin >> maze[i];

  auto inside = [&](int r, int c) { return r >= 0 && r < h && c >= 0 && c < w; };

  std::vector<std::vector<bool>> seen(h, std::vector<bool>(w, false));
  std::queue<std::tuple<int, int, int>> q;
  for (int r = 0; r < h; ++r)
    for (int c = 0; c < w; ++c)
      if (maze[r][c] == 'S') {
        q.emplace(r, c, 0);
        seen[r][c] = true;
      }

  int answer = -1;
  while (!q.empty() && answer < 0) {
    int r, c, d;
    std::tie(r, c, d) = q.front();
    q.pop();
    if (maze[r][c] == 'G') {
      answer = d;
      break;
    }
    const int moves[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    for (const auto &m : moves) {
      int nr = r + m[0], nc = c + m[1];
      if (inside(nr, nc) && !seen[nr][nc] && maze[nr][nc] != '#') {
        seen[nr][nc] = true;
        q.emplace(nr, nc, d + 1);
      }
    }
  }
  std::cout << answer << '\n';
}
