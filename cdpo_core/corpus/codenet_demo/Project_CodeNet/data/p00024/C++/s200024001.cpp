#include <bits/stdc++.h>
using namespace std;

int n, k;
long long w[100000];

bool ok(long long P) {
    int c = 1;
    long long s = 0;
    for (int i = 0; i < n; i++) {
        if (w[i] > P) return false;
        if (s + w[i] > P) { c++; s = 0; }
        s += w[i];
    }
    return c <= k;
}

int main() {
    cin >> n >> k;
    for (int i = 0; i < n; i++) cin >> w[i];
    const long long lo = 1, hi = 1e10;
    while (lo < hi) {
        long long mid = (lo + hi) / 2;
        if (ok(mid)) hi = mid;
        else lo = mid + 1;
    }
    cout << lo << endl;
}
