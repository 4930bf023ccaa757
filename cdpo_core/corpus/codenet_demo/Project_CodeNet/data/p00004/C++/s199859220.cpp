#include <bits/stdc++.h>
using namespace std;

int main() {
    string s;
    cin >> s;
    string ans;
    int n = s.size(), i = 0;
    while (i < n) {
        for (int j = i; j < n && s[j] == s[i]; j++) {
        }
        ans += s[i] + to_string(j - i);
        i = j;
    }
    cout << ans << endl;
}
