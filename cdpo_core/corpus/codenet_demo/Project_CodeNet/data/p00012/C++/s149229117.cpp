#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<pair<int, int>> v(n);
    for (auto &[t, s] : v) cin >> s >> t;
    sort(v.begin(), v.end());
    int cnt = 0, last = -1;
    for (auto &[t, s] : v) {
        if (s >= last) {
            cnt++;
            last = t;
        }
    }
    cout << cnt << endl;
    return 0;
}
