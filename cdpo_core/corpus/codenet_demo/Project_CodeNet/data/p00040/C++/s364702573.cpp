#include <iostream>
using namespace std;

class ModInt {
public:
    static const long long MOD = 1000000007;
    ModInt(long long v = 0) : v_(((v % MOD) + MOD) % MOD) {}
    ModInt &operator*=(const ModInt &o) {
        v_ = v_ * o.v_ % MOD;
        return *this;
    }
    ModInt inverse() const {
        ModInt r(1), b(*this);
        for (long long e = MOD - 2; e > 0; e >>= 1) {
            if (e & 1) r *= b;
            b *= b;
        }
        return r;
    }
    long long value() const { return v_; }

private:
    long long v_;
};

// Catalan(n) = prod_{k=2}^{n} (n + k) / k
int main() {
    int n;
    cin >> n;
    ModInt num(1), den(1);
    for (int k = 2; k <= n; ++k) {
        num *= ModInt(n + k);
        den *= ModInt(k);
    }
    num *= den.inverse();
    cout << num.value() << endl;
    return 0;
}
