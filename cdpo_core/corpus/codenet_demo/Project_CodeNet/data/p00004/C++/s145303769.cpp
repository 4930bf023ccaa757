#include <cstdio>
#include <cstring>

char s[100010];

int main() {
    scanf("%s", s);
    int n = strlen(s);
    int cnt = 1;
    for (int i = 1; i <= n; i++) {
        if (i < n && s[i] == s[i - 1]) {
            cnt++;
        } else {
            printf("%c%d", s[i - 1], cnt);
            cnt = 1;
        }
    }
    printf("\n");
    return 0;
}
