#include <cstdio>
#include <cstring>

char s[100005];

int main(void) {
    scanf("%s", s);
    int len = strlen(s), x = 0, y = 0;
    for (int i = 0; i < len; i++) {
        switch (s[i]) {
        case 'U': y++; break;
        case 'D': y--; break;
        case 'L': x--; break;
        case 'R': x++; break;
        }
    }
    printf("%d %d\n", x, y);
    return 0;
}
