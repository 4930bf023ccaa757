#include <bits/stdc++.h>
using namespace std;

// Boruvka: every component picks its cheapest outgoing edge each round
int comp[10005];
int leader(int x) { return comp[x] == x ? x : comp[x] = leader(comp[x]); }

int main() {
    int n, m;
    scanf("%d %d", &n, &m);
    vector<array<int, 3>> e(m);
    for (auto &x : e) scanf("%d %d %d", &x[0], &x[1], &x[2]);
    for (int i = 1; i <= n; i++) comp[i] = i;
    long long total = 0;
    int components = n;
    while (components > 1) {
        vector<int> cheapest(n + 1, -1);
        for (int i = 0; i < m; i++) {
            int a = leader(e[i][0]), b = leader(e[i][1]);
            if (a == b) continue;
            // ties broken by index so that no cycle can be formed
            if (cheapest[a] < 0 || make_pair(e[i][2], i) < make_pair(e[cheapest[a]][2], cheapest[a])) cheapest[a] = i;
            if (cheapest[b] < 0 || make_pair(e[i][2], i) < make_pair(e[cheapest[b]][2], cheapest[b])) cheapest[b] = i;
        }
        for (int c = 1; c <= n; c++) {
            if (cheapest[c] < 0) continue;
            int a = leader(e[cheapest[c]][0]), b = leader(e[cheapest[c]][1]);
            if (a == b) continue;
            comp[a] = b;
            total += e[cheapest[c]][2];
            components--;
        }
    }
    printf("%lld\n", total);
    return 0;
}
