#include <cstdio>
#include <cstdlib>

int main() {
    int n;
    scanf("%d", &n);
    int prev, best = 1000000000;
    scanf("%d", &prev);
    for (int i = 1; i < n; i++) {
        int x;
        scanf("%d", &x);
        if (abs(x - prev) < best) best = abs(x - prev);
        prev = x;
    }
    printf("%d\n", best);
    return 0;
}
