#include <bits/stdc++.h>
using namespace std;

int main() {
    const string br = "([{)]}";
    auto check = [&](const string &s) {
        stack<int> st;
        for (char c : s) {
            int id = br.find(c);
            if (id < 3) st.push(id);
            else if (!st.empty() && st.top() == id - 3) st.pop();
            else return false;
        }
        return st.empty();
    };
    int n;
    cin >> n;
    vector<string> v(n);
    for (auto &s : v) cin >> s;
    for (const auto &s : v) cout << (check(s) ? "YES\n" : "NO\n");
}
