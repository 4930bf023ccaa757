#include <cstdio>
#include <algorithm>

struct Act {
    int s, t;
};

bool byEnd(const Act& a, const Act& b) { return a.t < b.t; }

Act acts[100000];

int main() {
    int n;
    scanf("%d", &n);
    for (int i = 0; i < n; i++) scanf("%d %d", &acts[i].s, &acts[i].t);
    std::sort(acts, acts + n, byEnd);
    int ans = 0, end = 0;
    for (int i = 0; i < n; i++) {
        if (acts[i].s >= end) {
            ans++;
            end = acts[i].t;
        }
    }
    printf("%d\n", ans);
    return 0;
}
