#include <iostream>
#include <vector>
using namespace std;

struct Sieve {
    vector<int> cnt;
    Sieve(int n) : cnt(n + 1, 0) {
        vector<bool> comp(n + 1, false);
        for (int i = 2; i <= n; i++) {
            if (!comp[i]) for (long long j = (long long)i * i; j <= n; j += i) comp[j] = true;
            cnt[i] = cnt[i - 1] + !comp[i];
        }
    }
}

int main() {
    Sieve s(999999);
    int n;
    while (cin >> n) cout << s.cnt[n] << endl;
    return 0;
}
