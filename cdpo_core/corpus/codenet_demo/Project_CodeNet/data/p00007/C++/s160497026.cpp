#include <iostream>
#include <string>
#include <vector>
#include <algorithm>
using namespace std;

int main()
{
	ios::sync_with_stdio(false);
	cin.tie(nullptr);
	int n;
	cin >> n;
	vector<string> w(n);
	for (int i = 0; i < n; i++) cin >> w[i];
	sort(w.begin(), w.end());
	stable_sort(w.begin(), w.end(), [](const string& a, const string& b) {
		return a.size() < b.size();
	});
	for (const string& s : w) cout << s << '\n';
	return 0;
}
