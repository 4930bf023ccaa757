#include <cstdio>
#include <vector>
#include <algorithm>
using namespace std;

int main()
{
	int n, W;
	if (scanf("%d%d", &n, &W) != 2) return 0;
	vector<int> prev(W + 1, 0), cur(W + 1, 0);
	for (int i = 0; i < n; i++)
	{
		int v, w;
		if (scanf("%d%d", &v, &w) != 2) break;
		for (int j = 0; j <= W; j++)
		{
			cur[j] = prev[j];
			if (j >= w && prev[j - w] + v > cur[j])
				cur[j] = prev[j - w] + v;
		}
		swap(prev, cur);
	}
	printf("%d\n", prev[W]);
	return 0;
}
