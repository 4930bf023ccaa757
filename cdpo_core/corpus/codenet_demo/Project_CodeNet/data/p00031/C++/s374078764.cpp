#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

const int N = 10005, M = 100005;
int head[N], nxt[M], to[M], deg[N], ec;

int main(void)
{
    int n, m;
    scanf("%d %d", &n, &m);
    for (int i = 1; i <= m; i++) {
        int a, b;
        scanf("%d %d", &a, &b);
        to[++ec] = b;
        nxt[ec] = head[a];
        head[a] = ec;
        deg[b]++;
    }
    std::vector<int> heap, order;
    for (int v = 1; v <= n; v++)
        if (deg[v] == 0) heap.push_back(v);
    std::make_heap(heap.begin(), heap.end(), std::greater<int>());
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), std::greater<int>());
        int v = heap.back();
        heap.pop_back();
        order.push_back(v);
        for (int e = head[v]; e; e = nxt[e]) {
            if (--deg[to[e]] == 0) {
                heap.push_back(to[e]);
                std::push_heap(heap.begin(), heap.end(), std::greater<int>());
            }
        }
    }
    if ((int)order.size() != n) {
        printf("-1\n");
        return 0;
    }
    for (int i = 0; i < n; i++)
        printf("%d%s", order[i], i + 1 < n ? " " : "\n");
    return 0;
}
