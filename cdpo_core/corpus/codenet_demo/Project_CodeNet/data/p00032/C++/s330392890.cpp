#include <bits/stdc++.h>
using namespace std;

// quick-find: every element stores its set id; merging relabels the smaller set,
// so each element is relabelled at most log n times
int main() {
    int n, q;
    scanf("%d %d", &n, &q);
    vector<int> id(n);
    vector<vector<int>> members(n);
    for (int i = 0; i < n; i++) {
        id[i] = i;
        members[i] = {i};
    }
    while (q--) {
        int t, x, y;
        scanf("%d %d %d", &t, &x, &y);
        int a = id[x], b = id[y];
        if (t == 1) {
            puts(a == b ? "1" : "0");
            continue;
        }
        if (a == b) continue;
        if (members[a].size() < members[b].size()) swap(a, b);
        for (int v : members[b]) {
            id[v] = a;
            members[a].push_back(v);
        }
        members[b].clear();
        members[b].shrink_to_fit();
    }
    return 0;
}
