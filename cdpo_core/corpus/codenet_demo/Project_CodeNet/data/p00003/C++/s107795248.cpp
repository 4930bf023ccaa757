#include <cstdio>
#include <cstring>

char buf[100005];

int main() {
    scanf("%s", buf);
    int n = strlen(buf);
    for (int i = n - 1; i >= 0; i--) putchar(buf[i]);
    putchar('\n');
    return 0;
}
