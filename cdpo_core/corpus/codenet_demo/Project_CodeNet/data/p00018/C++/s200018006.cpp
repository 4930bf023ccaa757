#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b) {
	return *(const int *)a - *(const int *)b;
}

int main(void) {
	int n, m, i, j;
	static int need[50001], c[20];
	if (scanf("%d %d", &n, &m) != 2) return 1;
	for (i = 0; i < m; i++) scanf("%d", &c[i]);
	qsort(c, m, sizeof(int), cmp);
	for (j = 1; j <= n; j++) {
		need[j] = -1;
		for (i = 0; i < m && c[i] <= j; i++) {
			int prev = need[j - c[i]];
			if (prev >= 0 && (need[j] < 0 || prev + 1 < need[j])) need[j] = prev + 1;
		}
	}
	printf("%d\n", need[n]);
	return 0;
}
