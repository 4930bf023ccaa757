#include <cstdio>

int main() {
    int a, b;
    // |a|,|b| are at most 1e9 so int is enough
    scanf("%d %d", &a, &b);

    printf("%d %d\n", a + b, a * b);
    return 0;
}
