#include <iostream>
#include <vector>
using namespace std;

int main()
{
	int h, w;
	cin >> h >> w;
	vector<vector<int>> a(h, vector<int>(w));
	for (int i = 0; i < h; i++)
		for (int j = 0; j < w; j++)
			cin >> a[i][j];
	int top = 0, bottom = h - 1, left = 0, right = w - 1;
	int dir = 0, printed = 0;
	while (printed < h * w) {
		switch (dir) {
		case 0:
			for (int j = left; j <= right; j++, printed++)
				cout << (printed ? " " : "") << a[top][j];
			top++;
			break;
		case 1:
			for (int i = top; i <= bottom; i++, printed++)
				cout << " " << a[i][right];
			right--;
			break;
		case 2:
			for (int j = right; j >= left; j--, printed++)
				cout << " " << a[bottom][j];
			bottom--;
			break;
		default:
			for (int i = bottom; i >= top; i--, printed++)
				cout << " " << a[i][left];
			left++;
			break;
		}
		dir = (dir + 1) % 4;
	}
	cout << endl;
	return 0;
}
