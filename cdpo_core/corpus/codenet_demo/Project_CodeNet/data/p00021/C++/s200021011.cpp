#include <bits/stdc++.h>
using namespace std;

// trial division by the primes found so far, up to sqrt(x)
int main() {
    vector<int> primes;
    vector<int> upto(1000000, 0);
    for (int x = 2; x < 1000000; x++) {
        bool prime = true;
        for (int p : primes) {
            if (p * p > x) break;
            if (x % p == 0) { prime = false; break; }
        }
        if (prime) primes.push_back(x);
        upto[x] = primes.size();
    }
    int n;
    while (scanf("%d", &n) != EOF) printf("%d\n", upto[n]);
}
