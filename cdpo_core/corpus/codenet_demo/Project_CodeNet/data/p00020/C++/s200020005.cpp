// gcd from the prime factorisation of a: take each prime power that also divides b.
#include <iostream>
using namespace std;

long long commonPart(long long a, long long b) {
    long long g = 1;
    for (long long p = 2; p * p <= a; ++p) {
        while (a % p == 0) {
            a /= p;
            if (b % p == 0) {
                b /= p;
                g *= p;
            }
        }
    }
    if (a > 1 && b % a == 0) g *= a;
    return g;
}

int main() {
    long long a, b;
    while (cin >> a >> b) {
        long long g = commonPart(a, b);
        cout << g << ' ' << a / g * b << '\n';
    }
    return 0;
}
