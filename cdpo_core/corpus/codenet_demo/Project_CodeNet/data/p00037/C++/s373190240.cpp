#include <iostream>
#include <vector>
using namespace std;
int main() {
    int h, w;
    cin >> h >> w;
    vector<vector<int>> a(h);
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) cin >> a[i][j];
    int r = 0, c = 0, d = 0;
    int dr[] = {0, 1, 0, -1}, dc[] = {1, 0, -1, 0};
    vector<vector<bool>> u(h, vector<bool>(w));
    for (int k = 0; k < h * w; k++) {
        cout << (k ? " " : "") << a[r][c];
        u[r][c] = true;
        int nr = r + dr[d], nc = c + dc[d];
        if (nr < 0 || nr >= h || nc < 0 || nc >= w || u[nr][nc]) { d = (d + 1) % 4; nr = r + dr[d]; nc = c + dc[d]; }
        r = nr; c = nc;
    }
    cout << endl;
}
