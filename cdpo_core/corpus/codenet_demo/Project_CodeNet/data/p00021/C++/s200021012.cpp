// Linear (Euler) sieve: every composite is crossed out exactly once by its smallest prime factor.
#include <iostream>
#include <vector>
using namespace std;

int main() {
    const int LIM = 999999;
    vector<int> lp(LIM + 1, 0), primes, pi(LIM + 1, 0);
    for (int i = 2; i <= LIM; ++i) {
        if (lp[i] == 0) {
            lp[i] = i;
            primes.push_back(i);
        }
        for (int p : primes) {
            if (p > lp[i] || (long long)i * p > LIM) break;
            lp[i * p] = p;
        }
        pi[i] = static_cast<int>(primes.size());
    }
    int n;
    while (cin >> n) cout << pi[n] << '\n';
    return 0;
}
