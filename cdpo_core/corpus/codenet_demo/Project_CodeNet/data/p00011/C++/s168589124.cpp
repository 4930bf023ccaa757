#include <iostream>
using namespace std;

long long count_coins(long long n, const int* c) {
    if (n == 0) return 0;
    if (*c > n) return count_coins(n, c + 1);
    return n / *c + count_coins(n % *c, c + 1);
}

int main() {
    const int coins[] = {500, 100, 50, 10, 5, 1};
    long long n;
    cin >> n;
    cout << count_coins(n, coins) << endl;
    return 0;
}
