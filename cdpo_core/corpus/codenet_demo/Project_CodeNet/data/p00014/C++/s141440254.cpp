#include <cstdio>

int a[100000];

int main() {
    int n, s;
    scanf("%d %d", &n, &s);
    for (int i = 0; i < n; i++) scanf("%d", &a[i]);
    int best = n + 1, l = 0;
    long long sum = 0;
    for (int r = 0; r < n; r++) {
        sum += a[r];
        while (sum - a[l] >= s) sum -= a[l++];
        if (sum >= s && r - l + 1 < best) best = r - l + 1;
    }
    printf("%d\n", best == n + 1 ? 0 : best);
    return 0;
}
