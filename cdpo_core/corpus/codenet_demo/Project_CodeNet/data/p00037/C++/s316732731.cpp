#include <bits/stdc++.h>
using namespace std;

int main() {
    int h, w;
    cin >> h >> w;
    vector<vector<int>> a(h, vector<int>(w));
    for (auto &row : a)
        for (auto &x : row) cin >> x;
    int top = 0, bottom = h - 1, left = 0, right = w - 1;
    vector<int> out;
    while (top <= bottom && left <= right) {
        for (int j = left; j <= right; j++) out.push_back(a[top][j]);
        top++;
        for (int i = top; i <= bottom; i++) out.push_back(a[i][right]);
        right--;
        if (top <= bottom) {
            for (int j = right; j >= left; j--) out.push_back(a[bottom][j]);
            bottom--;
        }
        if (left <= right) {
            for (int i = bottom; i >= top; i--) out.push_back(a[i][left]);
            left++;
        }
    }
    for (size_t i = 0; i < out.size(); i++) cout << out[i] << (i + 1 == out.size() ? '\n' : ' ');
    return 0;
}
