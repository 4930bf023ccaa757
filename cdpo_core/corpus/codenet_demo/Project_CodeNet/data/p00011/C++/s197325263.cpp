#include <iostream>
#include <numeric>
#include <vector>
using namespace std;

int main() {
    long long n;
    cin >> n;
    const vector<long long> coins{500, 100, 50, 10, 5, 1};
    long long left = n;
    long long ans = accumulate(coins.begin(), coins.end(), 0LL, [&left](long long acc, long long c) {
        long long k = left / c;
        left %= c;
        return acc + k;
    });
    cout << ans << endl;
}
