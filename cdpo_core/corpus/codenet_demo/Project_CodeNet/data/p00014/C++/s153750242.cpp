#include <iostream>
#include <vector>
using namespace std;

int main() {
    int n;
    long long s;
    cin >> n >> s;
    vector<long long> a(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    int ans = n + 1, l = 0;
    long long sum = 0;
    for (int r = 0; r < n; r++) {
        sum += a[r];
        while (sum >= s) {
            ans = min(ans, r - l + 1);
            sum -= a.at(l++);
        }
    }
    // no answer: ans stays n + 1
    vector<int> res(1, 0);
    cout << (ans <= n ? ans : res.at(ans - n)) << endl;
    return 0;
}
