#include <iostream>
using namespace std;

bool isPrime(int x) {
    if (x < 2) return false;
    for (int d = 2; d < x; d++)
        if (x % d == 0) return false;
    return true;
}

int main() {
    int n;
    while (cin >> n) {
        int cnt = 0;
        for (int i = 1; i <= n; i++)
            if (isPrime(i)) cnt++;
        cout << cnt << endl;
    }
    return 0;
}
