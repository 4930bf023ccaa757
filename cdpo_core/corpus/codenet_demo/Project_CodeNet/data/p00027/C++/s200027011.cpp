// sum[mask] = sum[mask without its lowest bit] + a[index of that bit]
#include <iostream>
#include <vector>
using namespace std;

int main() {
    int n;
    long long target;
    cin >> n >> target;
    vector<long long> a(n);
    for (int i = 0; i < n; ++i) cin >> a[i];
    vector<long long> sum(1 << n, 0);
    long long ways = (target == 0) ? 1 : 0;
    for (int mask = 1; mask < (1 << n); ++mask) {
        int low = __builtin_ctz(mask);
        sum[mask] = sum[mask & (mask - 1)] + a[low];
        if (sum[mask] == target) ++ways;
    }
    cout << ways << '\n';
    return 0;
}
