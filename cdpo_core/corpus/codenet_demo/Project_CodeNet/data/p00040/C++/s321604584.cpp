#include <iostream>
using namespace std;
int main() {
    int n;
    cin >> n;
    long long c = 1;
    for (int k = 0; k < n; k++) c = c * 2 * (2 * k + 1) / (k + 2);
    cout << c % 1000000007 << endl;
}
