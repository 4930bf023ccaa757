#include <bits/stdc++.h>
using namespace std;

int main() {
    stack<long long> st;
    string tok;
    while (cin >> tok) {
        if (tok == "+" || tok == "-" || tok == "*") {
            long long b = st.top(); st.pop();
            long long a = st.top(); st.pop();
            if (tok == "+") st.push(a + b);
            else if (tok == "-") st.push(a - b);
            else st.push(a * b);
        } else {
            st.push(stoll(tok));
        }
    }
    cout << st.top() << endl;
    return 0;
}
