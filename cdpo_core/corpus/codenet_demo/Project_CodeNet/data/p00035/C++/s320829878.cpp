#include <cstdio>
#define rep(i, a, b) for (int i = (a); i <= (b); ++i)

const int N = 100005;
int head[N], nxt[N], que[N], dep[N];

int main() {
    int n;
    scanf("%d", &n);
    rep(i, 1, n) head[i] = 0;
    rep(i, 2, n) {
        int p;
        scanf("%d", &p);
        nxt[i] = head[p];
        head[p] = i;
    }
    int qh = 0, qt = 0;
    que[qt++] = 1;
    dep[1] = 0;
    while (qh < qt) {
        int v = que[qh++];
        for (int c = head[v]; c; c = nxt[c]) {
            dep[c] = dep[v] + 1;
            que[qt++] = c;
        }
    }
    rep(i, 1, n) printf(i == 1 ? "%d" : " %d", dep[i]);
    printf("\n");
    return 0;
}
