#include <stdio.h>

char s[1005], st[1005];

int main(void)
{
    int n;
    scanf("%d", &n);
    while (n--) {
        scanf("%s", s);
        int top = 0, ok = 1;
        for (int i = 0; s[i] && ok; i++) {
            switch (s[i]) {
            case '(': case '[': case '{':
                st[top++] = s[i];
                break;
            case ')':
                if (top == 0 || st[--top] != '(') ok = 0;
                break;
            case ']':
                if (top == 0 || st[--top] != '[') ok = 0;
                break;
            case '}':
                if (top == 0 || st[--top] != '{') ok = 0;
                break;
            }
        }
        puts(ok && top == 0 ? "YES" : "NO");
    }
    return 0;
}
