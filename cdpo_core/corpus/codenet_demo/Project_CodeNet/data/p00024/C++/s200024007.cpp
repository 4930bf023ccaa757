#include <cstdio>
#include <vector>
#include <numeric>
using namespace std;

static bool feasible(const vector<int> &w, int k, long long cap) {
    long long cur = 0;
    int trucks = 0;
    for (size_t i = 0; i < w.size(); ++i) {
        if (w[i] > cap) return false;
        if (trucks == 0 || cur + w[i] > cap) {
            if (++trucks > k) return false;
            cur = 0;
        }
        cur += w[i];
    }
    return true;
}

int main() {
    int n, k;
    if (scanf("%d %d", &n, &k) != 2) return 0;
    vector<int> w(n);
    for (int i = 0; i < n; ++i) scanf("%d", &w[i]);
    long long bad = 0, good = accumulate(w.begin(), w.end(), 0LL);
    while (good - bad > 1) {
        long long mid = (good + bad) / 2;
        if (feasible(w, k, mid)) good = mid;
        else bad = mid;
    }
    printf("%lld\n", good);
    return 0;
}
