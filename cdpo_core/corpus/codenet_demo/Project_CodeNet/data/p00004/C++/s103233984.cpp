#include <iostream>
#include <string>
using namespace std;

struct Encoder {
    string out;
    char cur = 0;
    long long len = 0;
    void flush() {
        if (len > 0) out += cur + to_string(len);
    }
    void push(char c) {
        if (c == cur) { ++len; return; }
        flush();
        cur = c;
        len = 1;
    }
};

int main() {
    string s;
    cin >> s;
    Encoder e;
    for (char c : s) e.push(c);
    e.flush();
    cout << e.out << endl;
    return 0;
}
