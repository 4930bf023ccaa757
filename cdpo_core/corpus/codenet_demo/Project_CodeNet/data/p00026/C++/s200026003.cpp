#include <iostream>
#include <stack>
#include <string>
using namespace std;

int main() {
    stack<long long> st;
    string s;
    while (cin >> s) {
        if (s == "+") {
            long long b = st.top(); st.pop();
            long long a = st.top(); st.pop();
            st.push(a + b);
        } else if (s == "-") {
            long long b = st.top(); st.pop();
            long long a = st.top(); st.pop();
            st.push(a - b);
        } else {
            st.push(stoll(s));
        }
    }
    cout << st.top() << endl;
    return 0;
}
