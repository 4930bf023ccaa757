#include <bits/stdc++.h>
using namespace std;

int main() {
    string s;
    cin >> s;
    const string dir = "URDL";
    const int dx[4] = {0, 1, 0, -1};
    const int dy[4] = {1, 0, -1, 0};
    int x = 0, y = 0;
    for (char c : s) {
        int d = dir.find(c);
        x += dx[d];
        y += dy[d];
    }
    printf("%d %d\n", x, y);
}
