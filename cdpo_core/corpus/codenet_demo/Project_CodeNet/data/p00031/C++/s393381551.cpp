#include <iostream>
#include <vector>
using namespace std;

// O(n^2 + m): at each step scan for the smallest free vertex
int main()
{
	int n, m;
	cin >> n >> m;
	vector<vector<int> > adj(n + 1);
	vector<int> indeg(n + 1, 0);
	for (int i = 0; i < m; i++)
	{
		int a, b;
		cin >> a >> b;
		adj[a].push_back(b);
		indeg[b]++;
	}
	vector<bool> placed(n + 1, false);
	vector<int> ans;
	for (int step = 0; step < n; step++)
	{
		int pick = 0;
		for (int v = 1; v <= n; v++)
		{
			if (!placed[v] && indeg[v] == 0)
			{
				pick = v;
				break;
			}
		}
		if (pick == 0)
		{
			cout << -1 << endl;
			return 0;
		}
		placed[pick] = true;
		ans.push_back(pick);
		for (int u : adj[pick])
			indeg[u]--;
	}
	for (int i = 0; i < n; i++)
	{
		if (i) cout << ' ';
		cout << ans[i];
	}
	cout << endl;
	return 0;
}
