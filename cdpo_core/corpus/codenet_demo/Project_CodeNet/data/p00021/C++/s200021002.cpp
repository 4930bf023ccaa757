#include <cstdio>
#include <vector>
#include <algorithm>
using namespace std;

int main() {
    vector<char> mark(1000000, 0);
    vector<int> primes;
    for (int i = 2; i < 1000000; i++) {
        if (mark[i]) continue;
        primes.push_back(i);
        for (long long j = (long long)i * i; j < 1000000; j += i) mark[j] = 1;
    }
    int n;
    while (scanf("%d", &n) == 1) {
        printf("%d\n", (int)(upper_bound(primes.begin(), primes.end(), n) - primes.begin()));
    }
    return 0;
}
