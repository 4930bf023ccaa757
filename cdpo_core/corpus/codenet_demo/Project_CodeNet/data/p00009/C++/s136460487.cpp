#include <iostream>
#include <string>
using namespace std;

int main() {
    string s;
    cin >> s;
    int x = 0, y = 0;
    for (char c : s) {
        if (c == 'U') y++;
        else if (c == 'D') y--;
        else if (c == 'R') x++;
        else if (c == 'L') x--;
    }
    cout << x << " " << y << endl;
    return 0;
