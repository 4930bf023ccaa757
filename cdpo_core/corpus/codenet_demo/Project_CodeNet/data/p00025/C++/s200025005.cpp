#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    while (n--) {
        string s;
        cin >> s;
        stack<char> st;
        bool ok = true;
        for (char c : s) {
            if (c == '(' || c == '[' || c == '{') st.push_back(c);
            else {
                char o = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (st.empty() || st.top() != o) { ok = false; break; }
                st.pop();
            }
        }
        cout << (ok && st.empty() ? "YES" : "NO") << endl;
    }
}
