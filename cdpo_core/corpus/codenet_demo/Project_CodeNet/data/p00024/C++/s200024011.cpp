#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, k;
    scanf("%d %d", &n, &k);
    vector<int> w(n);
    for (int &x : w) scanf("%d", &x);
    auto ok = [&](long long P) {
        int used = 0;
        long long load = P;  // forces a new truck for the first package
        for (int x : w) {
            if (x > P) return false;
            if (load + x > P) {
                if (++used > k) return false;
                load = 0;
            }
            load += x;
        }
        return true;
    };
    long long ng = *max_element(w.begin(), w.end()) - 1, okv = 1LL << 40;
    while (okv - ng > 1) {
        long long mid = ng + (okv - ng) / 2;
        (ok(mid) ? okv : ng) = mid;
    }
    printf("%lld\n", okv);
}
