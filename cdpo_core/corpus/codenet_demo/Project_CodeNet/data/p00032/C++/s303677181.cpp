#include <cstdio>

int p[100005];  // negative = root holding -size

int root(int x) {
    if (p[x] < 0) return x;
    return p[x] = root(p[x]);
}

void join(int a, int b) {
    a = root(a);
    b = root(b);
    if (a == b) return;
    if (-p[a] < -p[b]) {
        int t = a;
        a = b;
        b = t;
    }
    p[a] += p[b];
    p[b] = a;
}

int main() {
    int n, q;
    scanf("%d %d", &n, &q);
    for (int i = 0; i < n; i++) p[i] = -1;
    for (int i = 0; i < q; i++) {
        int c, x, y;
        scanf("%d %d %d", &c, &x, &y);
        if (c == 0) join(x, y);
        else printf("%d\n", root(x) == root(y));
    }
    return 0;
}
