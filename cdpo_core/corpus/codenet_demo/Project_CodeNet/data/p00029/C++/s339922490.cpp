#include <iostream>
#include <stack>
#include <string>
#include <vector>
using namespace std;

int main()
{
	int H, W;
	cin >> H >> W;
	vector<string> m(H);
	for (int i = 0; i < H; i++) cin >> m[i];
	vector<vector<int>> mark(H, vector<int>(W, 0));
	int comp = 0;
	for (int i = 0; i < H; i++)
	{
		for (int j = 0; j < W; j++)
		{
			if (m[i][j] != '#' || mark[i][j]) continue;
			comp++;
			stack<pair<int, int>> st;
			st.push(make_pair(i, j));
			mark[i][j] = comp;
			while (!st.empty())
			{
				pair<int, int> p = st.top();
				st.pop();
				int dy[] = {1, -1, 0, 0};
				int dx[] = {0, 0, 1, -1};
				for (int k = 0; k < 4; k++)
				{
					int y = p.first + dy[k], x = p.second + dx[k];
					if (y >= 0 && y < H && x >= 0 && x < W && m[y][x] == '#' && !mark[y][x])
					{
						mark[y][x] = comp;
						st.push(make_pair(y, x));
					}
				}
			}
		}
	}
	cout << comp << endl;
	return 0;
}
