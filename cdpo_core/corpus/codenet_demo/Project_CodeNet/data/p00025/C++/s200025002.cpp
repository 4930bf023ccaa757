#include <iostream>
#include <string>
#include <vector>
using namespace std;

int main() {
    const string OPEN = "([{", CLOSE = ")]}";
    int n;
    cin >> n;
    for (int t = 0; t < n; ++t) {
        string s;
        cin >> s;
        vector<int> kinds;
        bool good = true;
        for (char c : s) {
            size_t o = OPEN.find(c);
            if (o != string::npos) {
                kinds.push_back(static_cast<int>(o));
                continue;
            }
            int k = static_cast<int>(CLOSE.find(c));
            if (kinds.empty() || kinds.back() != k) {
                good = false;
                break;
            }
            kinds.pop_back();
        }
        cout << (good && kinds.empty() ? "YES" : "NO") << "\n";
    }
    return 0;
}
