#include <cstdio>

typedef __int128 i128;

void print(i128 v) {
    if (v < 0) {
        putchar('-');
        v = -v;
    }
    if (v >= 10) print(v / 10);
    putchar('0' + (int)(v % 10));
}

int main() {
    long long a, b;
    if (scanf("%lld%lld", &a, &b) != 2) return 0;
    i128 x = a, y = b;
    print(x + y);
    putchar(' ');
    print(x * y);
    putchar('\n');
    return 0;
}
