#include <bits/stdc++.h>
using namespace std;
#define REP(i,n) for(int i=0;i<(int)(n);++i)

int main() {
    int n, k; cin >> n >> k;
    vector<bool> out(n, false);
    int alive = n, cur = -1;
    while (alive > 1) {
        int cnt = 0;
        while (cnt < k) {
            cur = (cur + 1) % n;
            if (!out[cur]) cnt++;
        }
        out[cur] = true;
        alive--;
    }
    REP(i, n) if (!out[i]) cout << i + 1 << endl;
    return 0;
}
