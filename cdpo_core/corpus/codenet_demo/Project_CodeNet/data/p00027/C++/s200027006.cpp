#include <bits/stdc++.h>
using namespace std;

int n;
long long S;
long long a[20];

int dfs(int i, long long sum) {
    if (sum > S) return 0;  // all values are positive
    if (i == n) return sum == S ? 1 : 0;
    return dfs(i + 1, sum) + dfs(i + 1, sum + a[i]);
}

int main() {
    cin >> n >> S;
    for (int i = 0; i < n; i++) cin >> a[i];
    cout << dfs(0, 0) << endl;
}
