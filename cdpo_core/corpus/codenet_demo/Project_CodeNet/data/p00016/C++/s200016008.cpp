#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

int main()
{
	int n;
	cin >> n;
	vector<int> piles;
	for (int i = 0; i < n; i++)
	{
		int card;
		cin >> card;
		auto pos = partition_point(piles.begin(), piles.end(),
		                           [card](int top) { return top < card; });
		if (pos != piles.end())
			*pos = card;
		else
			piles.push_back(card);
	}
	cout << piles.size() << '\n';
	return 0;
}
