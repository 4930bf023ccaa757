#include <cstdio>
#include <vector>
#include <algorithm>
using namespace std;

int main() {
    int n;
    long long s;
    scanf("%d %lld", &n, &s);
    vector<long long> p(n + 1, 0);
    for (int i = 1; i <= n; i++) {
        long long x;
        scanf("%lld", &x);
        p[i] = p[i - 1] + x;
    }
    // for each right end, the last start whose sum still reaches S
    int ans = 0;
    for (int r = 1; r <= n; r++) {
        if (p[r] < s) continue;
        int l = upper_bound(p.begin(), p.begin() + r, p[r] - s) - p.begin() - 1;
        int len = r - l;
        if (ans == 0 || len < ans) ans = len;
    }
    printf("%d\n", ans);
    return 0;
}
