// Fold the string into the stack of still-open brackets; '!' marks a mismatch.
#include <iostream>
#include <numeric>
#include <string>
using namespace std;

static string push_or_pop(string st, char c)
{
	if (!st.empty() && st[0] == '!')
		return st;
	if (c == '(' || c == '[' || c == '{')
		return st + c;
	char want = c == ')' ? '(' : c == ']' ? '[' : '{';
	if (st.empty() || st.back() != want)
		return "!";
	st.pop_back();
	return st;
}

int main()
{
	int n;
	cin >> n;
	while (n--)
	{
		string s;
		cin >> s;
		string rest = accumulate(s.begin(), s.end(), string(), push_or_pop);
		cout << (rest.empty() ? "YES" : "NO") << '\n';
	}
	return 0;
}
