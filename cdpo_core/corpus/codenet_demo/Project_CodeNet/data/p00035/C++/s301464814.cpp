#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<vector<int>> ch(n + 1);
    for (int i = 2; i <= n; i++) {
        int p;
        cin >> p;
        ch[p].push_back(i);
    }
    vector<int> depth(n + 1, 0);
    queue<int> q;
    q.push(1);
    while (!q.empty()) {
        int v = q.front();
        q.pop();
        for (int c : ch[v]) {
            depth[c] = depth[v] + 1;
            q.push(c);
        }
    }
    for (int i = 1; i <= n; i++) cout << depth[i] << (i == n ? "\n" : " ");
    return 0;
}
