#include <iostream>
using namespace std;

int main() {
    long long a, b;
    while (cin >> a >> b) {
        long long x = a, y = b;
        while (x != y) {
            if (x > y) x -= y;
            else y -= x;
        }
        cout << x << " " << a / x * b << endl;
    }
    return 0;
}
