// Recursive descent: S -> ( '(' S ')' | '[' S ']' | '{' S '}' )*
#include <iostream>
#include <string>
using namespace std;

string s;
size_t pos;

char closer(char c) { return c == '(' ? ')' : c == '[' ? ']' : '}'; }

bool seq() {
    while (pos < s.size() && (s[pos] == '(' || s[pos] == '[' || s[pos] == '{')) {
        char want = closer(s[pos++]);
        if (!seq()) return false;
        if (pos >= s.size() || s[pos] != want) return false;
        ++pos;
    }
    return true;
}

int main() {
    int n;
    cin >> n;
    for (int i = 0; i < n; i++) {
        cin >> s;
        pos = 0;
        bool ok = seq() && pos == s.size();
        cout << (ok ? "YES" : "NO") << '\n';
    }
    return 0;
}
