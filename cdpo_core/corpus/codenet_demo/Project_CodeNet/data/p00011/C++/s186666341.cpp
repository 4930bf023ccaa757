#include <bits/stdc++.h>
using namespace std;

int main() {
    int n;
    cin >> n;
    int coins[] = {1, 5, 10, 50, 100, 500};
    int ans = 0;
    for (int i = 0; i < 6; i++) {
        ans += n / coins[i];
        n %= coins[i];
    }
    cout << ans << endl;
    return 0;
}
