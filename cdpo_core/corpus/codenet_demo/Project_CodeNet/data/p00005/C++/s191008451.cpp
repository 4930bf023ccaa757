#include <cstdio>
#include <cstring>

char s[100005];

int main() {
    int k;
    scanf("%d %s", &k, s);
    int n = strlen(s);
    for (int i = 0; i < n; i++) {
        s[i] = (char)((s[i] - 'a' + k) % 26 + 'a');
    }
    printf("%s\n", s);
    return 0;
}
