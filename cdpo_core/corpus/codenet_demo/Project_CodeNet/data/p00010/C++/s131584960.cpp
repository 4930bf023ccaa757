#include <cstdio>
#include <vector>
using namespace std;

int main()
{
	int n, k;
	scanf("%d%d", &n, &k);
	vector<int> nxt(n);
	for (int i = 0; i < n; i++) nxt[i] = (i + 1) % n;
	int prev = n - 1;
	for (int left = n; left > 1; left--) {
		for (int s = 1; s < k; s++) prev = nxt[prev];
		nxt[prev] = nxt[nxt[prev]];
	}
	printf("%d\n", prev + 1);
	return 0;
}
