#include <bits/stdc++.h>
using namespace std;

int main() {
	int S;
	cin >> S;
	int h = 0, m = 0;
	while (S >= 3600) {
		S -= 3600;
		h++;
	}
	while (S >= 60) {
		S -= 60;
		m++;
	}
	printf("%d:%d:%d\n", h, m, S);
	return 0;
}
