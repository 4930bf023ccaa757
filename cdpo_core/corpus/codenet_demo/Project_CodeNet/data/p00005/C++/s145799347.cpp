#include <iostream>
#include <string>
using namespace std;

int main()
{
	int k;
	string s;
	cin >> k >> s;
	string table;
	for (int i = 0; i < 26; i++) table += (char)('a' + (i + k) % 26);
	for (size_t i = 0; i < s.size(); i++) s[i] = table[s[i] - 'a'];
	cout << s << endl;
	return 0;
}
