#include <iostream>
#include <vector>

// Sieve over odd numbers only: index k stands for 2k + 1.
class OddSieve {
public:
    explicit OddSieve(int limit) : limit_(limit), odd_(limit / 2 + 1, true), count_(limit + 1, 0) {
        odd_[0] = false;  // 1 is not prime
        for (long long k = 1; (2 * k + 1) * (2 * k + 1) <= limit_; ++k) {
            if (!odd_[k]) continue;
            long long p = 2 * k + 1;
            for (long long m = p * p; m <= limit_; m += 2 * p) odd_[m / 2] = false;
        }
        for (int x = 2; x <= limit_; ++x) count_[x] = count_[x - 1] + (isPrime(x) ? 1 : 0);
    }
    bool isPrime(int x) const { return x == 2 || (x % 2 == 1 && odd_[x / 2]); }
    int countUpTo(int n) const { return count_[n]; }

private:
    int limit_;
    std::vector<bool> odd_;
    std::vector<int> count_;
};

int main() {
    OddSieve sieve(999999);
    int n;
    while (std::cin >> n) std::cout << sieve.countUpTo(n) << std::endl;
    return 0;
}
