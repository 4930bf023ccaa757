#include <bits/stdc++.h>
using namespace std;

int n, k;
vector<long long> w;

bool canLoad(long long P) {
    int trucks = 1;
    long long cur = 0;
    for (int i = 0; i < n; i++) {
        if (w[i] > P) return false;
        if (cur + w[i] > P) {
            trucks++;
            cur = 0;
        }
        cur += w[i];
    }
    return trucks <= k;
}

int main() {
    cin >> n >> k;
    w.resize(n);
    for (auto &x : w) cin >> x;
    long long lo = 1, hi = accumulate(w.begin(), w.end(), 0LL);
    while (lo < hi) {
        long long mid = (lo + hi) / 2;
        if (canLoad(mid)) hi = mid;
        else lo = mid + 1;
    }
    cout << lo << endl;
    return 0;
}
