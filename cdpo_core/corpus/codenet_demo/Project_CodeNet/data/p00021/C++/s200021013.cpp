#include <bits/stdc++.h>
using namespace std;

int main() {
    const int N = 1000000;
    vector<bool> isPrime(N, true);
    isPrime[0] = isPrime[1] = false;
    for (int i = 2; i * i < N; i++)
        if (isPrime[i])
            for (int j = i * i; j < N; j += i) isPrime[j] = false;
    vector<int> cnt(N, 0);
    for (int i = 1; i < N; i++) cnt[i] = cnt[i - 1] + (isPrime[i] ? 1 : 0);
    int n;
    while (cin >> n) cout << cnt[n] << endl;
    return 0;
}
