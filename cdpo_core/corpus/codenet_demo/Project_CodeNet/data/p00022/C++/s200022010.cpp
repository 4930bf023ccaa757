// Left-to-right binary exponentiation: scan the exponent from its most significant bit.
#include <iostream>
#include <bitset>
using namespace std;

int main() {
    long long m, n;
    cin >> m >> n;
    const long long MOD = 1000000007;
    bitset<32> bits(n);
    int top = 31;
    while (top > 0 && !bits[top]) --top;
    long long r = 1;
    for (int i = top; i >= 0; --i) {
        r = r * r % MOD;
        if (bits[i]) r = r * m % MOD;
    }
    cout << r << endl;
    return 0;
}
