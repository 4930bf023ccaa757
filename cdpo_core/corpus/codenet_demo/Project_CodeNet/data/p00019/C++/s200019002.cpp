#include <iostream>
#include <string>
using namespace std;

int main() {
    int h, w;
    cin >> h >> w;
    string g[1001];
    long long dp[1050][1050] = {};
    for (int i = 0; i < h; i++) cin >> g[i];
    dp[0][0] = 1;
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) {
            if (g[i][j] == '#') { dp[i][j] = 0; continue; }
            if (i) dp[i][j] += dp[i - 1][j];
            if (j) dp[i][j] += dp[i][j - 1];
            dp[i][j] %= 1000000007;
        }
    cout << dp[h - 1][w - 1] << endl;
    return 0;
}
