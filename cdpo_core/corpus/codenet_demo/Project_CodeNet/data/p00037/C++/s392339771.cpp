#include <bits/stdc++.h>
using namespace std;
int main() {
    int h, w;
    cin >> h >> w;
    vector<vector<int>> a(h, vector<int>(w);
    for (auto &r : a) for (auto &x : r) cin >> x;
    int t = 0, b = h - 1, l = 0, r = w - 1;
    vector<int> o;
    while (t <= b && l <= r) {
        for (int j = l; j <= r; j++) o.push_back(a[t][j]);
        t++;
        for (int i = t; i <= b; i++) o.push_back(a[i][r]);
        r--;
        if (t <= b) { for (int j = r; j >= l; j--) o.push_back(a[b][j]); b--; }
        if (l <= r) { for (int i = b; i >= t; i--) o.push_back(a[i][l]); l++; }
    }
    for (size_t i = 0; i < o.size(); i++) cout << o[i] << (i + 1 == o.size() ? "\n" : " ");
}
