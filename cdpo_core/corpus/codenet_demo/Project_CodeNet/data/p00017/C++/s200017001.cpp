#include <iostream>
#include <string>
#include <vector>
using namespace std;

int main()
{
	string p, q;
	cin >> p >> q;
	const int R = p.size() + 1, C = q.size() + 1;
	vector<int> flat(R * C, 0);
	auto at = [&](int i, int j) -> int & { return flat[i * C + j]; };
	for (int i = 1; i < R; i++)
	{
		for (int j = 1; j < C; j++)
		{
			if (p[i - 1] == q[j - 1])
				at(i, j) = at(i - 1, j - 1) + 1;
			else
				at(i, j) = at(i - 1, j) > at(i, j - 1) ? at(i - 1, j) : at(i, j - 1);
		}
	}
	cout << at(R - 1, C - 1) << endl;
	return 0;
}
