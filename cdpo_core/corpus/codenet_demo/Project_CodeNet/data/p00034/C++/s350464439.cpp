#include <bits/stdc++.h>
using namespace std;
int main() {
    int n;
    cin >> n;
    vector<vector<pair<int,int>>> g(n + 1);
    for (int i = 1; i < n; i++) {
        int a, b, w;
        cin >> a >> b >> w;
        g[a].push_back({b, w});
        g[b].push_back({a, w});
    }
    long long ans = 0;
    for (int s = 1; s <= n; s++) {
        vector<long long> d(n + 1, -1);
        stack<int> st; st.push(s); d[s] = 0;
        while (!st.empty()) {
            int v = st.top(); st.pop();
            ans = max(ans, d[v]);
            for (auto &e : g[v]) if (d[e.first] < 0) { d[e.first] = d[v] + e.second; st.push(e.first); }
        }
    }
    cout << ans << endl;
}
