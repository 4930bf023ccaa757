#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
#define rep(i, n) for (int i = 0; i < (int)(n); ++i)

struct Pair {
    ll x, y;
    ll sum() const { return x + y; }
    ll prod() const { return x * y; }
};

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    Pair p;
    cin >> p.x >> p.y;
    cout << p.sum() << " " << p.prod() << "\n";
    return 0;
}
