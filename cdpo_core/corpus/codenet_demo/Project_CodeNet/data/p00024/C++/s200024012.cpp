#include <bits/stdc++.h>
using namespace std;

int n, k;
vector<int> w;

bool check(long long P) {
    int cnt = 1;
    long long cur = 0;
    for (int i = 0; i < n; i++) {
        if (cur + w[i] > P) {
            cnt++;
            cur = 0;
        }
        cur += w[i];
    }
    return cnt <= k;
}

int main() {
    cin >> n >> k;
    w.resize(n);
    for (int i = 0; i < n; i++) cin >> w[i];
    long long lo = 0, hi = 1000000000;
    while (lo < hi) {
        long long mid = (lo + hi) / 2;
        if (check(mid)) hi = mid;
        else lo = mid + 1;
    }
    cout << lo << endl;
}
