#include <cstdio>
#include <map>
using namespace std;

int main()
{
	int n;
	scanf("%d", &n);
	// for each end time keep the latest start: it dominates the others
	multimap<int, int> byEnd;
	for (int i = 0; i < n; i++) {
		int s, t;
		scanf("%d %d", &s, &t);
		byEnd.insert(make_pair(t, s));
	}
	int cnt = 0, free_from = 0;
	for (multimap<int, int>::iterator it = byEnd.begin(); it != byEnd.end(); ++it) {
		if (it->second >= free_from) {
			cnt++;
			free_from = it->first;
		}
	}
	printf("%d\n", cnt);
	return 0;
}
