#include <iostream>
using namespace std;

int main() {
    long long n;
    cin >> n;
    int coins[6] = {500, 100, 50, 10, 5, 1}
    long long ans = 0;
    for (int i = 0; i < 6; i++) {
        ans += n / coins[i];
        n %= coins[i];
    }
    cout << ans << endl;
    return 0;
}
