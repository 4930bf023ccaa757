#include <bits/stdc++.h>
using namespace std;

// table[i][j]: fewest coins for amount j using only the first i kinds
int table_[21][50001];

int main() {
    int n, m;
    scanf("%d%d", &n, &m);
    vector<int> c(m + 1);
    for (int i = 1; i <= m; i++) scanf("%d", &c[i]);
    const int INF = 1000000;
    for (int j = 1; j <= n; j++) table_[0][j] = INF;
    for (int i = 1; i <= m; i++) {
        for (int j = 0; j <= n; j++) {
            table_[i][j] = table_[i - 1][j];
            if (j >= c[i]) table_[i][j] = min(table_[i][j], table_[i][j - c[i]] + 1);
        }
    }
    printf("%d\n", table_[m][n] >= INF ? -1 : table_[m][n]);
    return 0;
}
