#include <bits/stdc++.h>
using namespace std;

int main() {
    int k;
    string s;
    cin >> k >> s;
    k %= 26;
    for (char &c : s) {
        c = 'a' + (c - 'a' + k) % 26;
    }
    cout << s << endl;
    return 0;
}
