#include <cstdio>
int p[100005], d[100005];
int main() {
    int n;
    scanf("%d", &n);
    for (int i = 2; i <= n; i++) scanf("%d", &p[i]);
    d[1] = 0;
    for (int i = 2; i <= n; i++) d[i] = d[p[i]] + 1;
    for (int i = 1; i <= n; i++) printf("%d%c", d[i], i == n ? '\n' : ' ');
    return 0;
}
