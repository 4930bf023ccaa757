#include <iostream>
#include <string>
using namespace std;

struct Time {
    int h, m, s;
    explicit Time(int total) : h(total / 3600), m(total / 60 % 60), s(total % 60) {}
    string str() const {
        return to_string(h) + ":" + to_string(m) + ":" + to_string(s);
    }
};

int main() {
    int S;
    cin >> S;
    cout << Time(S).str() << "\n";
    return 0;
}
