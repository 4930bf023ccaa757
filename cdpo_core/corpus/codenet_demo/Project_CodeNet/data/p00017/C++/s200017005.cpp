#include <cstdio>
#include <cstring>
#include <algorithm>
using namespace std;

char s1[105], s2[105];
int dp[105][105];

int main() {
    scanf("%s %s", s1, s2);
    int n = strlen(s1), m = strlen(s2);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            dp[i + 1][j + 1] = s1[i] == s2[j] ? dp[i][j] + 1 : max(dp[i][j + 1], dp[i + 1][j]);
    printf("%d\n", dp[n][m]);
    return 0;
}
