#include <cstdio>
#include <cstring>

char grid[105][105];
int dist[105][105];
int qy[10005], qx[10005];
int dy[4] = {-1, 0, 1, 0};
int dx[4] = {0, 1, 0, -1};

int main()
{
	int H, W;
	scanf("%d %d", &H, &W);
	for (int i = 0; i < H; i++) scanf("%s", grid[i]);
	memset(dist, -1, sizeof(dist));
	int head = 0, tail = 0;
	for (int i = 0; i < H; i++)
		for (int j = 0; j < W; j++)
			if (grid[i][j] == 'S') {
				dist[i][j] = 0;
				qy[tail] = i; qx[tail] = j; tail++;
			}
	while (head < tail) {
		int y = qy[head], x = qx[head];
		head++;
		if (grid[y][x] == 'G') {
			printf("%d\n", dist[y][x]);
			return 0;
		}
		for (int d = 0; d < 4; d++) {
			int ny = y + dy[d], nx = x + dx[d];
			if (ny >= 0 && ny < H && nx >= 0 && nx < W && grid[ny][nx] != '#' && dist[ny][nx] < 0) {
				dist[ny][nx] = dist[y][x] + 1;
				qy[tail] = ny; qx[tail] = nx; tail++;
			}
		}
	}
	printf("-1\n");
	return 0;
}
