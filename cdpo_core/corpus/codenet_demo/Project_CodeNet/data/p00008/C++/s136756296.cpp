#include <iostream>
#include <vector>
#include <algorithm>
#include <numeric>
#include <functional>
#include <climits>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<long long> a(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    sort(a.begin(), a.end());
    vector<long long> d(n);
    adjacent_difference(a.begin(), a.end(), d.begin());
    cout << *min_element(d.begin() + 1, d.end()) << endl;
    return 0;
}
