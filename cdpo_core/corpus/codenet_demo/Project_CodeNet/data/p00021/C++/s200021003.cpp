#include <cstdio>

bool comp[100000];
int cnt[100000];

int main() {
    int n;
    for (int i = 2; i < 100000; i++)
        if (!comp[i])
            for (int j = 2 * i; j < 100000; j += i) comp[j] = true;
    for (int i = 2; i < 100000; i++) cnt[i] = cnt[i - 1] + (comp[i] ? 0 : 1);
    while (scanf("%d", &n) == 1) printf("%d\n", cnt[n]);
    return 0;
}
