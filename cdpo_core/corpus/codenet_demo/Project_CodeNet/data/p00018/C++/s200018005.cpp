#include <cstdio>

int T[50001];
int C[21];

int main()
{
    int n, m;
    scanf("%d %d", &n, &m);
    for (int i = 0; i < m; i++) scanf("%d", &C[i]);
    T[0] = 0;
    for (int j = 1; j <= n; j++) {
        T[j] = -1;
        for (int i = 0; i < m; i++) {
            if (C[i] > j || T[j - C[i]] < 0) continue;
            if (T[j] < 0 || T[j - C[i]] + 1 < T[j]) T[j] = T[j - C[i]] + 1;
        }
    }
    printf("%d\n", T[n]);
    return 0;
}
