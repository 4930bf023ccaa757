#include <iostream>
#include <string>
using namespace std;

int main() {
    string s;
    cin >> s;
    string ans = "";
    while (!s.empty()) {
        char c = s[0];
        int k = 0;
        while (!s.empty() && s[0] == c) {
            s.erase(0, 1);
            k++;
        }
        ans = ans + c + to_string(k);
    }
    cout << ans << endl;
    return 0;
}
