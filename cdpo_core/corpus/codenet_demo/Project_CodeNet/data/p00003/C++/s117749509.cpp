#include <iostream>
#include <string>
#include <utility>
using namespace std;

int main()
{
	string s;
	cin >> s;
	size_t i = 0, j = s.size();
	while (i + 1 < j) {
		swap(s[i], s[j - 1]);
		++i;
		--j;
	}
	cout << s << endl;
	return 0;
}
