#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<pair<int, int>> v(n);
    for (auto &p : v) cin >> p.first >> p.second;
    sort(v.begin(), v.end());
    int cnt = 0, last = -1;
    for (auto &p : v) {
        if (p.first >= last) {
            cnt++;
            last = p.second;
        }
    }
    cout << cnt << endl;
}
