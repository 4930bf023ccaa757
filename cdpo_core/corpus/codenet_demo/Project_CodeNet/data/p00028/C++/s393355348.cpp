#include <bits/stdc++.h>
using namespace std;

int h, w;
vector<string> field;

// search backwards from the goal: the distance is symmetric on an undirected grid
vector<vector<int>> bfsFrom(int gy, int gx) {
	vector<vector<int>> d(h, vector<int>(w, -1));
	deque<pair<int,int>> q{{gy, gx}};
	d[gy][gx] = 0;
	while (q.size()) {
		int y = q.front().first, x = q.front().second;
		q.pop_front();
		for (int dir = 0; dir < 4; dir++) {
			int ny = y + (dir == 0) - (dir == 1);
			int nx = x + (dir == 2) - (dir == 3);
			if (ny < 0 || ny >= h || nx < 0 || nx >= w) continue;
			if (field[ny][nx] == '#' || d[ny][nx] != -1) continue;
			d[ny][nx] = d[y][x] + 1;
			q.emplace_back(ny, nx);
		}
	}
	return d;
}

int main() {
	cin >> h >> w;
	field.resize(h);
	for (auto &r : field) cin >> r;
	int sy = 0, sx = 0, gy = 0, gx = 0;
	for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) {
		if (field[i][j] == 'S') sy = i, sx = j;
		else if (field[i][j] == 'G') gy = i, gx = j;
	}
	auto d = bfsFrom(gy, gx);
	cout << d[sy][sx] << '\n';
}
