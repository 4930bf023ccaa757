#include <bits/stdc++.h>
using namespace std;

// ballot paths: row[j] = ways with i opens and j closes, never more closes than opens
int main() {
  int n;
  scanf("%d", &n);
  const int MOD = 1e9 + 7;
  vector<int> row(n + 1, 0);
  row[0] = 1;
  for (int i = 1; i <= n; i++) {
    // ways(i, j) = ways(i - 1, j) + ways(i, j - 1), for j <= i
    for (int j = 1; j <= i; j++) row[j] = (row[j] + row[j - 1]) % MOD;
  }
  printf("%d\n", row[n]);
  return 0;
}
