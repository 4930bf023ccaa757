#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<long long> v(n);
    for (int i = 0; i < n; i++) cin >> v[i];
    sort(v.begin(), v.end());
    int q;
    cin >> q;
    for (int i = 0; i < q; i++) {
        long long l, r;
        cin >> l >> r;
        auto hi = upper_bound(v.begin(), v.end(), r);
        auto lo = upper_bound(v.begin(), v.end(), l - 1);
        cout << distance(lo, hi) << "\n";
    }
    return 0;
}
