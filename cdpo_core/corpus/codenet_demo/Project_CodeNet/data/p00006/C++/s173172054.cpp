#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<int> a(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    stable_sort(a.begin(), a.end(), [](int x, int y) { return x < y; });
    for (int i = 0; i < n; i++) {
        cout << a[i];
        if (i != n - 1) cout << ' ';
    }
    cout << '\n';
    return 0;
}
