#include <bits/stdc++.h>
using namespace std;

int main() {
    string s;
    cin >> s;
    string ans;
    int n = s.size();
    int i = 0;
    while (i < n) {
        int j = i;
        while (j < n && s[j] == s[i]) j++;
        ans += s[i];
        ans += to_string(j - i);
        i = j;
    }
    cout << ans << endl;
    return 0;
}
