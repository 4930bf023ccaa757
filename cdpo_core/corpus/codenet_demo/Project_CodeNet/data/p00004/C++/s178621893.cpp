#include <bits/stdc++.h>
using namespace std;

int main() {
    string s;
    cin >> s;
    string ans;
    int cnt = 1;
    for (int i = 1; i <= (int)s.size(); i++) {
        if (i < (int)s.size() && s[i] == s[i - 1]) cnt++;
        else {
            ans += s[i - 1];
            ans += (char)('0' + cnt);
            cnt = 1;
        }
    }
    cout << ans << endl;
}
