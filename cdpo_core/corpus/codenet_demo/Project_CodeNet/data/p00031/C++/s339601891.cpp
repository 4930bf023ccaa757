#include <cstdio>
#include <set>
#include <vector>
using namespace std;

int main() {
    int n, m;
    scanf("%d %d", &n, &m);
    vector<vector<int> > out(n + 1);
    vector<int> in(n + 1);
    while (m--) {
        int a, b;
        scanf("%d %d", &a, &b);
        out[a].push_back(b);
        in[b]++;
    }
    set<int> ready;
    for (int i = 1; i <= n; i++)
        if (!in[i]) ready.insert(i);
    vector<int> res;
    while (!ready.empty()) {
        int v = *ready.begin();
        ready.erase(ready.begin());
        res.push_back(v);
        for (size_t k = 0; k < out[v].size(); k++) {
            int u = out[v][k];
            in[u]--;
            if (in[u] == 0) ready.insert(u);
        }
    }
    if ((int)res.size() < n) {
        puts("-1");
    } else {
        for (int i = 0; i < n; i++) printf(i ? " %d" : "%d", res[i]);
        puts("");
    }
    return 0;
}
