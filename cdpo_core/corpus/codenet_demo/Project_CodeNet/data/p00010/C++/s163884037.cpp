#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, k;
    cin >> n >> k;
    vector<int> v(n);
    iota(v.begin(), v.end(), 1);
    int pos = 0, last = 1;
    // remove everybody; the survivor is the one removed last
    while (!v.empty()) {
        pos = (pos + k - 1) % v.size();
        last = v[pos];
        v.erase(v.begin() + pos);
        pos %= v.size();
    }
    cout << last << endl;
    return 0;
}
