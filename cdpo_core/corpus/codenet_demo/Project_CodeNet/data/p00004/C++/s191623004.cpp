#include <cstdio>

int main() {
    int prev = -1, cnt = 0, c;
    while ((c = getchar()) != EOF) {
        if (c < 'a' || c > 'z') break;
        if (c == prev) {
            ++cnt;
        } else {
            if (prev != -1) printf("%c%d", prev, cnt);
            prev = c;
            cnt = 1;
        }
    }
    if (prev != -1) printf("%c%d", prev, cnt);
    puts("");
    return 0;
}
