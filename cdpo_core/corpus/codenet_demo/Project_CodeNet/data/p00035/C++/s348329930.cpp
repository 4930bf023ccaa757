#include <cstdio>
#include <vector>
using namespace std;

// weighted path compression: up[v] is some ancestor, off[v] the edges to it;
// compressing a path adds up the offsets until every vertex points at the root
vector<int> up, off;

int climb(int v) {
    if (up[v] == v) return v;
    int anc = up[v];
    int r = climb(anc);
    off[v] += off[anc];
    up[v] = r;
    return r;
}

int main() {
    int n;
    scanf("%d", &n);
    up.resize(n + 1);
    off.assign(n + 1, 1);
    up[1] = 1;
    off[1] = 0;
    for (int i = 2; i <= n; i++) scanf("%d", &up[i]);
    for (int v = 1; v <= n; v++) climb(v);
    for (int v = 1; v <= n; v++) printf("%d%c", off[v], v == n ? '\n' : ' ');
    return 0;
}
