#include <bits/stdc++.h>
using namespace std;

string s, t;
int memo[1001][1001];

int lcs(int i, int j) {
    if (i == (int)s.size() || j == (int)t.size()) return 0;
    int &r = memo[i][j];
    if (r != -1) return r;
    if (s[i] == t[j]) return r = 1 + lcs(i + 1, j + 1);
    return r = max(lcs(i + 1, j), lcs(i, j + 1));
}

int main() {
    cin >> s >> t;
    memset(memo, -1, sizeof memo);
    cout << lcs(0, 0) << endl;
}
