#include <iostream>
using namespace std;

class Fraction {
public:
    Fraction(long long a, long long b) : a_(a), b_(b) {}
    long long gcd() const {
        long long x = a_, y = b_;
        while (x % y != 0) {
            long long r = x % y;
            x = y;
            y = r;
        }
        return y;
    }
    long long lcm() const { return a_ / gcd() * b_; }

private:
    long long a_, b_;
};

int main() {
    long long a, b;
    while (cin >> a >> b) {
        Fraction f(a, b);
        cout << f.gcd() << " " << f.lcm() << endl;
    }
    return 0;
}
