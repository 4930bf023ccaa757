#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

// dp over activities sorted by end: dp[i] = max(dp[i-1], 1 + dp[last compatible])
int main() {
    int n;
    cin >> n;
    vector<pair<int, int>> a(n);
    for (int i = 0; i < n; i++) cin >> a[i].second >> a[i].first;
    sort(a.begin(), a.end());
    vector<int> ends(n);
    for (int i = 0; i < n; i++) ends[i] = a[i].first;
    vector<int> dp(n + 1, 0);
    for (int i = 1; i <= n; i++) {
        int start = a[i - 1].second;
        int j = upper_bound(ends.begin(), ends.begin() + (i - 1), start) - ends.begin();
        dp[i] = max(dp[i - 1], dp[j] + 1);
    }
    cout << dp[n] << endl;
    return 0;
}
