#include <cstdio>
#include <cstring>

char s[100005];

int main() {
    scanf("%s", s);
    int x = 0, y = 0;
    for (int i = 0; s[i]; i++) {
        if (s[i] == 'U') y++;
        else if (s[i] == 'D') y--;
        else if (s[i] == 'R') x++;
        else x--;
    }
    printf("%d %d\n", y, x);
    return 0;
}
