#include <bits/stdc++.h>
using namespace std;

int main() {
    stack<int> st;
    string s;
    while (cin >> s) {
        if (s == "+" || s == "-" || s == "*") {
            int a = st.top(); st.pop();
            int b = st.top(); st.pop();
            if (s == "+") st.push(a + b);
            if (s == "-") st.push(a - b);
            if (s == "*") st.push(a * b);
        } else {
            st.push(atoi(s.c_str()));
        }
    }
    cout << st.top() << endl;
}
