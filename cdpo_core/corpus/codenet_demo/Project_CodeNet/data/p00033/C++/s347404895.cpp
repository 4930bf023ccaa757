#include <bits/stdc++.h>
using namespace std;

int main() {
  int n, m;
  cin >> n >> m;
  vector<int> A(m), B(m), C(m), idx(m);
  for (int i = 0; i < m; ++i) cin >> A[i] >> B[i] >> C[i];
  iota(idx.begin(), idx.end(), 0);
  sort(idx.begin(), idx.end(), [&](int x, int y) { return C[x] < C[y]; });
  vector<int> boss(n + 1);
  iota(boss.begin(), boss.end(), 0);
  auto top = [&](int x) {
    int r = x;
    while (boss[r] != r) r = boss[r];
    while (boss[x] != r) {
      int nx = boss[x];
      boss[x] = r;
      x = nx;
    }
    return r;
  };
  long long ans = 0;
  for (int i : idx) {
    int a = top(A[i]), b = top(B[i]);
    if (a != b) {
      boss[a] = b;
      ans += C[i];
    }
  }
  cout << ans << "\n";
  return 0;
}
