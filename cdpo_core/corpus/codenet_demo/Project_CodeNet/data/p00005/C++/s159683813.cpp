#include <cstdio>

int main() {
    int k;
    if (scanf("%d ", &k) != 1) return 0;
    k %= 26;
    int c;
    while ((c = getchar()) != EOF) {
        if (c >= 'a' && c <= 'z') {
            c += k;
            if (c > 'z') c -= 26;
        }
        putchar(c);
    }
    return 0;
}
