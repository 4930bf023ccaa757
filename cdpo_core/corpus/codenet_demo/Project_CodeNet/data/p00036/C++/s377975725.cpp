#include <bits/stdc++.h>
using namespace std;

// trapezoid formula: each edge contributes (x2 - x1) * (y1 + y2)
int main() {
  int n;
  scanf("%d", &n);
  vector<pair<long long, long long>> v(n);
  for (auto &p : v) scanf("%lld %lld", &p.first, &p.second);
  long long acc = 0;
  for (int i = 0; i < n; i++) {
    auto [x1, y1] = v[i];
    auto [x2, y2] = v[(i + 1) % n];
    acc += (x2 - x1) * (y1 + y2);
  }
  acc = abs(acc);
  printf("%lld.%lld\n", acc / 2, (acc % 2) * 5);
  return 0;
}
