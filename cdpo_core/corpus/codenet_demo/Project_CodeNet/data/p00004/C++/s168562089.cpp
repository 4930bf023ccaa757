#include <bits/stdc++.h>
using namespace std;

int main() {
    string s;
    cin >> s;
    string res;
    for (auto it = s.begin(); it != s.end();) {
        auto nxt = find_if(it, s.end(), [&](char c) { return c != *it; });
        res += *it;
        res += to_string(distance(it, nxt));
        it = nxt;
    }
    cout << res << "\n";
}
