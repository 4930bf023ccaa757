#include <iostream>
#include <queue>
#include <vector>
#include <functional>
#include <utility>
using namespace std;

int main() {
    int n;
    cin >> n;
    priority_queue<pair<int, int>, vector<pair<int, int>>, greater<pair<int, int>>> pq;
    for (int i = 0; i < n; i++) {
        int s, t;
        cin >> s >> t;
        pq.push({t, s});
    }
    int ans = 0, cur = 0;
    while (!pq.empty()) {
        auto [t, s] = pq.top();
        pq.pop();
        if (s < cur) continue;
        ans++;
        cur = t;
    }
    cout << ans << endl;
    return 0;
}
