#include <cstdio>
#include <vector>
#include <utility>

typedef long long ll;
typedef std::pair<ll, int> Item;

// a small hand-written binary min-heap
struct Heap {
    std::vector<Item> a;
    void push(Item x) {
        a.push_back(x);
        size_t i = a.size() - 1;
        while (i > 0 && a[(i - 1) / 2].first > a[i].first) {
            std::swap(a[(i - 1) / 2], a[i]);
            i = (i - 1) / 2;
        }
    }
    Item pop() {
        Item top = a[0];
        a[0] = a.back();
        a.pop_back();
        size_t i = 0;
        for (;;) {
            size_t l = 2 * i + 1, r = l + 1, m = i;
            if (l < a.size() && a[l].first < a[m].first) m = l;
            if (r < a.size() && a[r].first < a[m].first) m = r;
            if (m == i) break;
            std::swap(a[i], a[m]);
            i = m;
        }
        return top;
    }
    bool empty() const { return a.empty(); }
};

int main() {
    int n, m, s;
    scanf("%d %d %d", &n, &m, &s);
    std::vector<std::vector<std::pair<int, ll> > > g(n + 1);
    for (int i = 0; i < m; i++) {
        int u, v;
        ll w;
        scanf("%d %d %lld", &u, &v, &w);
        g[u].push_back(std::make_pair(v, w));
    }
    std::vector<ll> d(n + 1, -1);
    std::vector<bool> fixed(n + 1, false);
    Heap h;
    d[s] = 0;
    h.push(Item(0, s));
    while (!h.empty()) {
        Item it = h.pop();
        int u = it.second;
        if (fixed[u]) continue;
        fixed[u] = true;
        for (size_t k = 0; k < g[u].size(); k++) {
            int v = g[u][k].first;
            ll nd = it.first + g[u][k].second;
            if (d[v] < 0 || nd < d[v]) {
                d[v] = nd;
                h.push(Item(nd, v));
            }
        }
    }
    for (int i = 1; i <= n; i++) {
        if (d[i] < 0) printf("INF\n");
        else printf("%lld\n", d[i]);
    }
    return 0;
}
