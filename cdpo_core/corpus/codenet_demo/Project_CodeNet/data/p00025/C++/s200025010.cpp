#include <iostream>
#include <string>
#include <vector>
using namespace std;

int main() {
    int n;
    cin >> n;
    while (n--) {
        string s;
        cin >> s;
        vector<char> st;
        bool ok = true;
        for (char c : s) {
            if (c == '(' || c == '[' || c == '{') { st.push_back(c); continue; }
            char top = st.at(st.size() - 1);
            if ((c == ')' && top != '(') || (c == ']' && top != '[') || (c == '}' && top != '{')) ok = false;
            st.pop_back();
        }
        cout << (ok && st.empty() ? "YES" : "NO") << endl;
    }
    return 0;
}
