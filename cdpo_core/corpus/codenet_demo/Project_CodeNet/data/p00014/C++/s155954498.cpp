#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

int main() {
    int n;
    long long S;
    cin >> n >> S;
    vector<int> a(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    // shrink from the right side instead: scan right to left
    int best = n + 1;
    long long sum = 0;
    int r = n - 1;
    for (int l = n - 1; l >= 0; l--) {
        sum += a[l];
        while (sum - a[r] >= S) sum -= a[r--];
        if (sum >= S) best = min(best, r - l + 1);
    }
    cout << (best > n ? 0 : best) << endl;
    return 0;
}
