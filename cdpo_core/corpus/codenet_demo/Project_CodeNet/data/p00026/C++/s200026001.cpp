#include <iostream>
#include <deque>
#include <string>
#include <cstdlib>
using namespace std;

int main()
{
	deque<long long> dq;
	auto apply = [&dq](char op)
	{
		long long y = dq.back();
		dq.pop_back();
		long long x = dq.back();
		dq.pop_back();
		if (op == '+')
			dq.push_back(x + y);
		else if (op == '-')
			dq.push_back(x - y);
		else
			dq.push_back(x * y);
	};
	string w;
	while (cin >> w)
	{
		if (w == "+" || w == "-" || w == "*")
			apply(w[0]);
		else
			dq.push_back(atoll(w.c_str()));
	}
	cout << dq.back() << endl;
	return 0;
}
