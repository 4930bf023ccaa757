#include <bits/stdc++.h>
using namespace std;

void rle(const string &s, size_t pos, string &acc) {
    while (pos < s.size()) {
        size_t k = pos;
        while (k < s.size() && s[k] == s[pos]) ++k;
        acc.push_back(s[pos]);
        acc.append(to_string(k - pos));
        pos = k;
    }
}

int main() {
    cin.tie(0);
    ios::sync_with_stdio(false);
    string s, acc;
    cin >> s;
    acc.reserve(2 * s.size());
    rle(s, 0, acc);
    cout << acc << '\n';
    return 0;
}
