#include <bits/stdc++.h>
using namespace std;

int main() {
    int k;
    string s;
    cin >> k >> s;
    for (char &c : s) {
        c = c + k;
        if (c > 'z') c -= 26;
    }
    cout << s << endl;
    return 0;
}
