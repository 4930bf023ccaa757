#include <bits/stdc++.h>
using namespace std;

// pad every word on the left with spaces so that plain string order = (length, lexicographic)
int main() {
    int n;
    cin >> n;
    vector<string> keys(n);
    for (int i = 0; i < n; i++) {
        string s;
        cin >> s;
        keys[i] = string(20 - s.size(), ' ') + s;
    }
    sort(keys.begin(), keys.end());
    for (const string &k : keys) {
        cout << k.substr(k.find_first_not_of(' ')) << '\n';
    }
    return 0;
}
