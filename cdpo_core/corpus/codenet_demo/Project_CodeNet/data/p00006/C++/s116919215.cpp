#include <cstdio>
#include <queue>
#include <vector>
#include <functional>
using namespace std;

int main()
{
	int n;
	scanf("%d", &n);
	priority_queue<int, vector<int>, greater<int> > pq;
	for (int i = 0; i < n; i++) {
		int x;
		scanf("%d", &x);
		pq.push(x);
	}
	bool sp = false;
	while (!pq.empty()) {
		if (sp) putchar(' ');
		printf("%d", pq.top());
		pq.pop();
		sp = true;
	}
	putchar('\n');
	return 0;
}
