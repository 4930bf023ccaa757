#include <cstdio>
#include <algorithm>

int a[200000];

int main() {
    int n;
    scanf("%d", &n);
    for (int i = 0; i < n; i++) scanf("%d", a + i);
    std::sort(a, a + n);
    int best = 2000000000;
    for (int i = 0; i + 1 < n; i++) {
        if (a[i + 1] - a[i] < best) best = a[i + 1] - a[i];
    }
    printf("%d\n", best);
    return 0;
}
