#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    map<int, vector<string>> byLen;
    for (int i = 0; i < n; ++i) {
        string s;
        cin >> s;
        byLen[s.size()].push_back(s);
    }
    for (auto &[len, group] : byLen) {
        sort(group.begin(), group.end());
        for (auto &s : group) cout << s << endl;
    }
    return 0;
}
