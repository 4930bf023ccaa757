#include <iostream>
#include <map>
#include <climits>
using namespace std;

int main() {
    int n;
    cin >> n;
    map<int, int> cnt;
    for (int i = 0; i < n; i++) {
        int x;
        cin >> x;
        if (++cnt[x] >= 2) {
            cout << 0 << endl;
            return 0;
        }
    }
    int ans = INT_MAX, prev = -1;
    for (auto &kv : cnt) {
        if (prev >= 0) ans = min(ans, kv.first - prev);
        prev = kv.first;
    }
    cout << ans << endl;
    return 0;
}
