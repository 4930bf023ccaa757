#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    while (n--) {
        string s;
        cin >> s;
        int a = 0, b = 0, c = 0;
        bool ok = true;
        for (char ch : s) {
            if (ch == '(') a++;
            if (ch == ')') a--;
            if (ch == '[') b++;
            if (ch == ']') b--;
            if (ch == '{') c++;
            if (ch == '}') c--;
            if (a < 0 || b < 0 || c < 0) ok = false;
        }
        if (ok && a == 0 && b == 0 && c == 0) cout << "YES" << endl;
        else cout << "NO" << endl;
    }
}
