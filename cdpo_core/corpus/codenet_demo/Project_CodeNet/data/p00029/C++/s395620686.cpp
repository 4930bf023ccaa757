#include <bits/stdc++.h>
using namespace std;

int p[10005];
int find_root(int x) { return p[x] < 0 ? x : p[x] = find_root(p[x]); }
bool merge(int a, int b) {
    a = find_root(a); b = find_root(b);
    if (a == b) return false;
    if (p[a] > p[b]) swap(a, b);
    p[a] += p[b];
    p[b] = a;
    return true;
}

int main() {
    int h, w;
    scanf("%d%d", &h, &w);
    vector<string> g(h);
    char buf[128];
    for (int i = 0; i < h; i++) { scanf("%s", buf); g[i] = buf; }
    memset(p, -1, sizeof(p));
    // every successful merge joins two islands into one
    int land = 0, merges = 0;
    for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) {
        if (g[i][j] != '#') continue;
        land++;
        if (i > 0 && g[i - 1][j] == '#' && merge(i * w + j, (i - 1) * w + j)) merges++;
        if (j > 0 && g[i][j - 1] == '#' && merge(i * w + j, i * w + j - 1)) merges++;
    }
    printf("%d\n", land - merges);
}
