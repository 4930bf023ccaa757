#include <iostream>
#include <string>
using namespace std;

int main() {
    int k;
    string s;
    cin >> k >> s;
    for (int i = 0; i < (int)s.size(); i++) {
        s[i] = 'a' + (s[i] - 'a' + k) % 26;
    }
    cout << S << endl;
    return 0;
}
