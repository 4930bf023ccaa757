#include <iostream>
#include <string>
using namespace std;

class Cipher {
    int key;
public:
    explicit Cipher(int k) : key(k % 26) {}
    char operator()(char c) const {
        int v = c - 'a' + key;
        if (v >= 26) v -= 26;
        return char('a' + v);
    }
};

int main() {
    int k;
    string s, t;
    cin >> k >> s;
    Cipher enc(k);
    for (char c : s) t.push_back(enc(c));
    cout << t << endl;
    return 0;
}
