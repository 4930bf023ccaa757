#include <bits/stdc++.h>
using namespace std;

int main() {
    int k; string s;
    cin >> k >> s;
    // shift one letter at a time, K mod 26 times
    for (int step = 0; step < k % 26; ++step) {
        for (auto &c : s) c = (c == 'z') ? 'a' : c + 1;
    }
    cout << s << '\n';
    return 0;
}
