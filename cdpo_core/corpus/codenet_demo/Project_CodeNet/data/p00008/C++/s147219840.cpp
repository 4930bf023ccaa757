#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<long long> a(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    sort(a.begin(), a.end());
    int ans = 1e9;
    for (int i = 1; i < n; i++) ans = min(ans, a[i] - a[i - 1]);
    cout << ans << endl;
    return 0;
}
