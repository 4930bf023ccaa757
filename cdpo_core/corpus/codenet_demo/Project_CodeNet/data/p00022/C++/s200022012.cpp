#include <iostream>
#include <vector>
using namespace std;

// sq[k] = m^(2^k) mod P, then multiply the powers selected by the bits of n
int main() {
    const long long P = 1000000007;
    long long m, n;
    cin >> m >> n;
    vector<long long> sq(31);
    sq[0] = m % P;
    for (int k = 1; k < 31; k++) sq[k] = sq[k - 1] * sq[k - 1] % P;
    long long ans = 1;
    for (int k = 0; k < 31; k++)
        if ((n >> k) & 1) ans = ans * sq[k] % P;
    cout << ans << "\n";
    return 0;
}
