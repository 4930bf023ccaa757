#include <iostream>
#include <vector>
using namespace std;

class Conveyor {
public:
    Conveyor(vector<int> weights, int trucks) : w_(move(weights)), k_(trucks) {}

    long long minimumLoad() const {
        long long lo = 0, hi = 0;
        for (int x : w_) {
            hi += x;
            if (x > lo) lo = x;
        }
        while (lo < hi) {
            long long mid = lo + (hi - lo) / 2;
            if (trucksNeeded(mid) <= k_) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

private:
    // greedy: fill the current truck until the next package does not fit
    int trucksNeeded(long long cap) const {
        int cnt = 1;
        long long cur = 0;
        for (int x : w_) {
            if (cur + x > cap) {
                ++cnt;
                cur = 0;
            }
            cur += x;
        }
        return cnt;
    }

    vector<int> w_;
    int k_;
};

int main() {
    int n, k;
    cin >> n >> k;
    vector<int> w(n);
    for (int i = 0; i < n; ++i) cin >> w[i];
    cout << Conveyor(w, k).minimumLoad() << endl;
    return 0;
}
