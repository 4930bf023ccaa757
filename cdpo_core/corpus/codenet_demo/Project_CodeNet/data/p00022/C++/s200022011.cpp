#include <iostream>
using namespace std;
const long long MOD = 1000000007;

long long power(long long m, long long n) {
    if (n == 0) return 1;
    return m * power(m, n - 1) % MOD;
}

int main() {
    long long m, n;
    cin >> m >> n;
    cout << power(m, n) << endl;
    return 0;
}
