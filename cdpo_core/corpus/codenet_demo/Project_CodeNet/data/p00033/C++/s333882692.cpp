#include <cstdio>
#include <algorithm>
struct E { int w, a, b; };
bool cmp(const E &x, const E &y) { return x.w < y.w; }
E e[1000];
int p[1000];
int f(int x) { return p[x] == x ? x : p[x] = f(p[x]); }
int main() {
    int n, m;
    scanf("%d %d", &n, &m);
    for (int i = 0; i < m; i++) scanf("%d %d %d", &e[i].a, &e[i].b, &e[i].w);
    std::sort(e, e + m, cmp);
    for (int i = 1; i <= n; i++) p[i] = i;
    int s = 0;
    for (int i = 0; i < m; i++) {
        int x = f(e[i].a), y = f(e[i].b);
        if (x != y) { p[x] = y; s += e[i].w; }
    }
    printf("%d\n", s);
    return 0;
}
