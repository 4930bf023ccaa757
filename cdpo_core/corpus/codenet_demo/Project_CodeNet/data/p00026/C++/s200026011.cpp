// Scan the raw line character by character, building numbers digit by digit.
#include <cstdio>
#include <cstring>

int main() {
    static char buf[2000];
    if (!fgets(buf, sizeof buf, stdin)) return 0;
    long long st[205];
    int sp = 0;
    long long num = 0;
    bool inNum = false;
    int len = strlen(buf);
    for (int i = 0; i <= len; i++) {
        char c = buf[i];
        if (c >= '0' && c <= '9') {
            num = num * 10 + (c - '0');
            inNum = true;
            continue;
        }
        if (inNum) {
            st[sp++] = num;
            num = 0;
            inNum = false;
        }
        if (c == '+' || c == '-' || c == '*') {
            long long b = st[--sp], a = st[--sp];
            st[sp++] = c == '+' ? a + b : c == '-' ? a - b : a * b;
        }
    }
    printf("%lld\n", st[0]);
    return 0;
}
