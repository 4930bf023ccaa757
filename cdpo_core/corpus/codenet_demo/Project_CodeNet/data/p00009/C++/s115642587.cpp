#include <iostream>
#include <map>
#include <string>
#include <utility>
using namespace std;

int main()
{
	map<char, pair<int, int>> mv = {
		{'U', {0, 1}}, {'D', {0, -1}}, {'L', {-1, 0}}, {'R', {1, 0}}
	};
	string s;
	cin >> s;
	pair<int, int> pos(0, 0);
	for (char c : s) {
		pos.first += mv[c].first;
		pos.second += mv[c].second;
	}
	cout << pos.first << " " << pos.second << endl;
	return 0;
}
