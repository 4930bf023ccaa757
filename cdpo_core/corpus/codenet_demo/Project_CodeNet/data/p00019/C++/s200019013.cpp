#include <iostream>
#include <string>
#include <vector>
#include <sstream>
using namespace std;

int main()
{
	string line;
	getline(cin, line);
	istringstream head(line);
	int H, W;
	head >> H >> W;
	vector<string> rows;
	while ((int)rows.size() < H && getline(cin, line))
		if (!line.empty()) rows.push_back(line);
	const long long P = 1000000007;
	vector<long long> prev(W + 1, 0), cur(W + 1, 0);
	prev[1] = 1;  // virtual cell above the start
	for (int i = 0; i < H; i++)
	{
		cur.assign(W + 1, 0);
		for (int j = 1; j <= W; j++)
			if (rows[i][j - 1] == '.')
				cur[j] = (prev[j] + cur[j - 1]) % P;
		prev.swap(cur);
	}
	cout << prev[W] << endl;
	return 0;
}
