#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<int> d;
    for (int i = 0; i < n; i++) {
        int x;
        cin >> x;
        int pos = lower_bound(d.begin(), d.end(), x);
        if (pos == (int)d.size()) d.push_back(x);
        else d[pos] = x;
    }
    cout << d.size() << endl;
}
