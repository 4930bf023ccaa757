#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, m;
    cin >> n >> m;
    vector<int> c(m);
    for (int i = 0; i < m; i++) cin >> c[i];
    sort(c.rbegin(), c.rend());
    int cnt = 0;
    for (int i = 0; i < m; i++) {
        cnt += n / c[i];
        n %= c[i];
    }
    if (n != 0) cout << -1 << endl;
    else cout << cnt << endl;
}
