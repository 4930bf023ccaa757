#include <bits/stdc++.h>
using namespace std;

bool cmp(const string &a, const string &b) {
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

int main() {
    int n;
    cin >> n;
    vector<string> w(n);
    for (auto &s : w) cin >> s;
    sort(w.begin(), w.end(), cmp);
    for (auto s : w) cout << s << endl
}
