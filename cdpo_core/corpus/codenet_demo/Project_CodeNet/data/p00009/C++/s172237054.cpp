#include <iostream>
#include <string>
using namespace std;

struct Robot {
    long long x = 0, y = 0;
    void step(char c) {
        if (c == 'U' || c == 'D') y += (c == 'U') ? 1 : -1;
        else x += (c == 'R') ? 1 : -1;
    }
};

int main() {
    string cmd;
    cin >> cmd;
    Robot r;
    for (size_t i = 0; i < cmd.size(); ++i) r.step(cmd[i]);
    cout << r.x << ' ' << r.y << '\n';
    return 0;
}
