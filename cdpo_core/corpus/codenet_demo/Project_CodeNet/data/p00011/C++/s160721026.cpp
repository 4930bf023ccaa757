#include <iostream>
using namespace std;

int coins(int n) {
    if (n == 0) return 0;
    int c = 1;
    if (n >= 500) c = 500;
    else if (n >= 100) c = 100;
    else if (n >= 50) c = 50;
    else if (n >= 10) c = 10;
    else if (n >= 5) c = 5;
    return 1 + coins(n - c);
}

int main() {
    int n;
    cin >> n;
    cout << coins(n) << endl;
    return 0;
}
