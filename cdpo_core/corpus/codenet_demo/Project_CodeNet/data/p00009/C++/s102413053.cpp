#include <iostream>
#include <string>
#include <utility>
using namespace std;

pair<int, int> walk(const string& s, size_t i) {
    pair<int, int> p(0, 0);
    for (; i < s.size(); ++i) {
        char c = s[i];
        p.first += (c == 'R') - (c == 'L');
        p.second += (c == 'U') - (c == 'D');
    }
    return p;
}

int main() {
    string s;
    getline(cin, s);
    auto [x, y] = walk(s, 0);
    cout << x << " " << y << endl;
    return 0;
}
