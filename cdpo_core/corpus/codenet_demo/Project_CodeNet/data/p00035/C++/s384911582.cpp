#include <iostream>
#include <stack>
#include <utility>
#include <vector>
using namespace std;

int main()
{
	int n;
	cin >> n;
	vector<vector<int>> child(n + 1);
	for (int v = 2; v <= n; v++)
	{
		int p;
		cin >> p;
		child[p].push_back(v);
	}
	vector<int> depth(n + 1);
	stack<pair<int, int>> st;  // (vertex, depth)
	st.push(make_pair(1, 0));
	while (!st.empty())
	{
		pair<int, int> top = st.top();
		st.pop();
		depth[top.first] = top.second;
		for (int c : child[top.first])
			st.push(make_pair(c, top.second + 1));
	}
	for (int v = 1; v <= n; v++)
	{
		cout << depth[v];
		if (v < n) cout << " ";
	}
	cout << "\n";
	return 0;
}
