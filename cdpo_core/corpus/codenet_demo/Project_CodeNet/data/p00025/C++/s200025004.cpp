#include <bits/stdc++.h>
using namespace std;

bool balanced(const string &s) {
    map<char, char> open = {{')', '('}, {']', '['}, {'}', '{'}};
    stack<char> st;
    for (char c : s) {
        if (c == '(' || c == '[' || c == '{') {
            st.push(c);
        } else {
            if (st.empty() || st.top() != open[c]) return false;
            st.pop();
        }
    }
    return st.empty();
}

int main() {
    int n;
    cin >> n;
    while (n--) {
        string s;
        cin >> s;
        cout << (balanced(s) ? "YES" : "NO") << endl;
    }
    return 0;
}
