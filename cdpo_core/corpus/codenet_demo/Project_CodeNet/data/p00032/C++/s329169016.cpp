#include <cstdio>
int p[100005];
int find(int x) { while (p[x] != x) x = p[x]; return x; }
int main() {
    int n, q;
    scanf("%d %d", &n, &q);
    for (int i = 0; i < n; i++) p[i] = i;
    while (q--) {
        int c, x, y;
        scanf("%d %d %d", &c, &x, &y);
        if (c == 0) p[x] = y;
        else printf("%d\n", find(x) == find(y) ? 1 : 0);
    }
    return 0;
}
