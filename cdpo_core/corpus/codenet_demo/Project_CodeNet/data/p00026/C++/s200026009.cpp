#include <stdio.h>
#include <stdlib.h>

long long S[1000];
int top;

void push(long long x) { S[++top] = x; }
long long pop(void) { return S[top--]; }

int main(void)
{
    char s[100];
    long long a, b;
    top = 0;
    while (scanf("%s", s) != EOF) {
        if (s[0] == '+') {
            a = pop(); b = pop();
            push(a + b);
        } else if (s[0] == '-') {
            b = pop(); a = pop();
            push(a - b);
        } else if (s[0] == '*') {
            a = pop(); b = pop();
            push(a * b);
        } else {
            push(atoll(s));
        }
    }
    printf("%lld\n", pop());
    return 0;
}
