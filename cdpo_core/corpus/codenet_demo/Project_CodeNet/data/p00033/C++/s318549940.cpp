#include <bits/stdc++.h>
using namespace std;
int main() {
    int n, m;
    cin >> n >> m;
    vector<int> w(m);
    for (int i = 0; i < m; i++) {
        int a, b;
        cin >> a >> b >> w[i];
    }
    sort(w.begin(), w.end());
    long long s = 0;
    for (int i = 0; i < n - 1 && i < m; i++) s += w[i];
    cout << s << endl;
}
