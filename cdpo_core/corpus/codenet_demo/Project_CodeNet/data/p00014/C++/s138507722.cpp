#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
#define rep(i,n) for(int i=0;i<(int)(n);i++)

int n; ll S;
vector<ll> a;

// does some window of length len reach S?
bool ok(int len) {
    ll cur = 0;
    rep(i, n) {
        cur += a[i];
        if (i >= len) cur -= a[i - len];
        if (i >= len - 1 && cur >= S) return true;
    }
    return false;
}

int main() {
    cin >> n >> S;
    a.resize(n);
    rep(i, n) cin >> a[i];
    if (!ok(n)) { cout << 0 << endl; return 0; }
    int lo = 0, hi = n;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        (ok(mid) ? hi : lo) = mid;
    }
    cout << hi << endl;
}
