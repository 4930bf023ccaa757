#include <cstdio>

int main() {
    int cnt[128] = {0};
    int c;
    while ((c = getchar()) != EOF) {
        if (c >= 0 && c < 128) cnt[c]++;
    }
    printf("%d %d\n", cnt['R'] - cnt['L'], cnt['U'] - cnt['D']);
    return 0;
}
