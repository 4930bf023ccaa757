#include <bits/stdc++.h>
using namespace std;

int main() {
    stack<long long> st;
    string s;
    while (cin >> s) {
        if (s == "+" || s == "-" || s == "*") {
            long long b = st.pop();
            long long a = st.pop();
            if (s == "+") st.push(a + b);
            else if (s == "-") st.push(a - b);
            else st.push(a * b);
        } else {
            st.push(stoll(s));
        }
    }
    cout << st.top() << endl;
}
