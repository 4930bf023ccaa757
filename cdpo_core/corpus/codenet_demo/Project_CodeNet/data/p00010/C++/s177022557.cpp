#include <cstdio>

int main() {
    int n, k;
    scanf("%d %d", &n, &k);
    int r = 0;
    for (int i = 2; i <= n; i++) r = (r + k) % i;
    printf("%d\n", r + 1);
    return 0;
}
