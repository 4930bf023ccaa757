#include <functional>
#include <iostream>
#include <vector>
using namespace std;

int main() {
  int n;
  cin >> n;
  vector<vector<pair<int, int>>> adj(n + 1);
  for (int i = 1; i < n; ++i) {
    int a, b, w;
    cin >> a >> b >> w;
    adj[a].push_back(make_pair(b, w));
    adj[b].push_back(make_pair(a, w));
  }
  long long answer = 0;
  function<long long(int, int)> longest = [&](int v, int from) -> long long {
    long long top = 0;
    for (const auto &edge : adj[v]) {
      if (edge.first == from) continue;
      long long through = longest(edge.first, v) + edge.second;
      if (top + through > answer) answer = top + through;
      if (through > top) top = through;
    }
    return top;
  };
  longest(1, 0);
  cout << answer << endl;
  return 0;
}
