#include <iostream>
#include <deque>
#include <climits>
using namespace std;

int main()
{
	int n;
	long long s;
	cin >> n >> s;
	deque<long long> win;
	long long sum = 0;
	size_t best = SIZE_MAX;
	for (int i = 0; i < n; i++) {
		long long x;
		cin >> x;
		win.push_back(x);
		sum += x;
		while (!win.empty() && sum - win.front() >= s) {
			sum -= win.front();
			win.pop_front();
		}
		if (sum >= s && win.size() < best) best = win.size();
	}
	cout << (best == SIZE_MAX ? 0 : best) << endl;
	return 0;
}
