// Binary GCD (Stein's algorithm): only shifts and subtractions.
#include <bits/stdc++.h>
using namespace std;
typedef unsigned long long ull;

ull binary_gcd(ull a, ull b) {
    if (a == 0) return b;
    if (b == 0) return a;
    int shift = __builtin_ctzll(a | b);
    a >>= __builtin_ctzll(a);
    while (b != 0) {
        b >>= __builtin_ctzll(b);
        if (a > b) swap(a, b);
        b -= a;
    }
    return a << shift;
}

int main() {
    ull a, b;
    while (cin >> a >> b) {
        ull g = binary_gcd(a, b);
        cout << g << " " << (a / g) * b << "\n";
    }
}
