#include <iostream>
#include <string>
using namespace std;

int main() {
    int k;
    string s;
    cin >> k >> s;
    string t;
    for (char c : s) {
        char d = c;
        for (int j = 0; j < k; j++) d = (d == 'z') ? 'a' : d + 1;
        t = t + d;
    }
    cout << t << endl;
    return 0;
}
