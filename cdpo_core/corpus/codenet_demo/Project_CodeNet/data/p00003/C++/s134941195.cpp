#include <iostream>
#include <stack>
#include <string>
using namespace std;

int main() {
    string s;
    cin >> s;
    stack<char> st;
    for (char c : s) st.push(c);
    string out;
    while (!st.empty()) {
        out += st.top();
        st.pop();
    }
    cout << out << "\n";
    return 0;
}
