#include <bits/stdc++.h>
using namespace std;

int main() {
    int n; long long s;
    scanf("%d %lld", &n, &s);
    vector<long long> a(n);
    for (auto &v : a) scanf("%lld", &v);
    auto shortest = [&]() -> int {
        long long total = accumulate(a.begin(), a.end(), 0LL);
        if (total < s) return 0;
        int res = n;
        long long sum = 0;
        queue<long long> q;
        for (long long v : a) {
            q.push(v);
            sum += v;
            while (sum - q.front() >= s) {
                sum -= q.front();
                q.pop();
            }
            if (sum >= s) res = min(res, (int)q.size());
        }
        return res;
    };
    printf("%d\n", shortest());
    return 0;
}
