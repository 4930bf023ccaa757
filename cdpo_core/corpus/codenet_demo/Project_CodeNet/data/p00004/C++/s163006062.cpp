#include <iostream>
#include <sstream>
#include <string>
using namespace std;

string encode(const string& s) {
	ostringstream out;
	size_t start = 0;
	while (start < s.size()) {
		size_t end = s.find_first_not_of(s[start], start);
		if (end == string::npos) end = s.size();
		out << s[start] << end - start;
		start = end;
	}
	return out.str();
}

int main() {
	string s;
	cin >> s;
	cout << encode(s) << endl;
	return 0;
}
