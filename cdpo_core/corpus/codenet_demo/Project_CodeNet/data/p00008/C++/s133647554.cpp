#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<int> a(n);
    for (int &x : a) cin >> x;
    sort(a.begin(), a.end());
    // binary search on the answer: is there an adjacent gap <= d?
    auto ok = [&](long long d) {
        for (int i = 1; i < n; i++)
            if (a[i] - a[i - 1] <= d) return true;
        return false;
    };
    long long lo = -1, hi = 1000000000;
    while (hi - lo > 1) {
        long long mid = (lo + hi) / 2;
        if (ok(mid)) hi = mid;
        else lo = mid;
    }
    cout << hi << endl;
    return 0;
}
