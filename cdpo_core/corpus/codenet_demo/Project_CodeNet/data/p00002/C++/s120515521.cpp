#include <iostream>
#include <sstream>
using namespace std;

string convert(int S) {
    ostringstream oss;
    oss << S / 3600 << ':' << S / 60 % 60 << ':' << S % 60;
    return oss.str();
}

int main() {
    int S;
    while (cin >> S) {
        cout << convert(S) << endl;
    }
    return 0;
}
