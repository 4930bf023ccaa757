#include <bits/stdc++.h>
using namespace std;

// reverse in halves: rev(ab) = rev(b) + rev(a)
string rev(const string &s) {
    if (s.size() <= 1) return s;
    size_t mid = s.size() / 2;
    return rev(s.substr(mid)) + rev(s.substr(0, mid));
}

int main() {
    string s;
    cin >> s;
    cout << rev(s) << endl;
}
