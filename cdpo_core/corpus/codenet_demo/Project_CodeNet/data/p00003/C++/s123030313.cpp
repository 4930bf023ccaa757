#include <bits/stdc++.h>
using namespace std;
#define rep(i,a,b) for(int i=(a);i<(b);++i)

string rev(const string& s) {
  int n = s.size();
  string t(n, ' ');
  rep(i, 0, n) t[i] = s[n - 1 - i];
  return t;
}

int main() {
  ios_base::sync_with_stdio(false);
  string s; cin >> s;
  cout << rev(s) << '\n';
}
