#include <iostream>
#include <map>
#include <vector>
#include <algorithm>
using namespace std;

int main() {
    int n;
    cin >> n;
    map<int, int> freq;
    for (int i = 0; i < n; ++i) {
        int x;
        cin >> x;
        ++freq[x];
    }
    vector<int> keys;
    vector<int> pre(1, 0);
    for (auto &kv : freq) {
        keys.push_back(kv.first);
        pre.push_back(pre.back() + kv.second);
    }
    int q;
    cin >> q;
    while (q--) {
        int l, r;
        cin >> l >> r;
        int lo = lower_bound(keys.begin(), keys.end(), l) - keys.begin();
        int hi = upper_bound(keys.begin(), keys.end(), r) - keys.begin();
        cout << pre[hi] - pre[lo] << endl;
    }
}
