#include <bits/stdc++.h>
using namespace std;
typedef long long ll;

int main() {
    int n;
    cin >> n;
    vector<ll> x(n), y(n);
    for (int i = 0; i < n; i++) cin >> x[i] >> y[i];
    ll twice = 0;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        twice += x[i] * y[j] - x[j] * y[i];
    }
    twice = llabs(twice);
    // the area is a multiple of 1/2, so print it exactly without floating point
    cout << twice / 2 << (twice % 2 ? ".5" : ".0") << endl;
    return 0;
}
