#include <bits/stdc++.h>
using namespace std;

int main() {
    long long n;
    cin >> n;
    vector<int> coins = {500, 100, 50, 10, 5, 1};
    long long ans = 0;
    for (int c : coins) {
        ans += n / c;
        n %= c;
    }
    cout << ans << endl;
    return 0;
}
