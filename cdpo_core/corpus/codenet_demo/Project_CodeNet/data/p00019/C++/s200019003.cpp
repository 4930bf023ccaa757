// Sweep the anti-diagonals i + j = s; every cell only depends on diagonal s - 1.
#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
const ll MD = 1000000007;

int main() {
    int H, W;
    scanf("%d %d", &H, &W);
    vector<string> g(H);
    static char buf[1005];
    for (int i = 0; i < H; i++) {
        scanf("%s", buf);
        g[i] = buf;
    }
    vector<vector<ll>> dp(H, vector<ll>(W, 0));
    dp[0][0] = 1;
    for (int s = 1; s <= H + W - 2; s++) {
        for (int i = max(0, s - W + 1); i <= min(H - 1, s); i++) {
            int j = s - i;
            if (g[i][j] == '#') continue;
            ll v = 0;
            if (i > 0) v += dp[i - 1][j];
            if (j > 0) v += dp[i][j - 1];
            dp[i][j] = v % MD;
        }
    }
    printf("%lld\n", dp[H - 1][W - 1]);
    return 0;
}
