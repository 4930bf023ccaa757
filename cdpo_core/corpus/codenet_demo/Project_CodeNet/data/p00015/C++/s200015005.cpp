#include <iostream>
#include <vector>
using namespace std;

int main() {
    int n, W;
    cin >> n >> W;
    vector<int> v(n), w(n);
    for (int i = 0; i < n; i++) cin >> v[i] >> w[i];
    long long best = 0;
    for (long long mask = 0; mask < (1LL << n); mask++) {
        long long sv = 0, sw = 0;
        for (int i = 0; i < n; i++)
            if (mask >> i & 1) { sv += v[i]; sw += w[i]; }
        if (sw <= W && sv > best) best = sv;
    }
    cout << best << endl;
    return 0;
}
