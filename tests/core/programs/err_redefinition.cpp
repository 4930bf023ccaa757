#include <cstdio>

int solve() { return 1; }
int solve() { return 2; }

int main() { printf("%d\n", solve()); }
