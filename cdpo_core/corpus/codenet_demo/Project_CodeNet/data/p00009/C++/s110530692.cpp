#include <bits/stdc++.h>
using namespace std;

int main() {
    string s;
    cin >> s;
    int x = 0, y = 0;
    for (char c : s) {
        if (c == 'U') y--;
        if (c == 'D') y++;
        if (c == 'R') x++;
        if (c == 'L') x--;
    }
    cout << x << " " << y << endl;
}
