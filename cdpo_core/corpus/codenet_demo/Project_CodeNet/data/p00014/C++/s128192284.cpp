#include <bits/stdc++.h>
using namespace std;

struct Solver {
    vector<int> a;
    long long target;
    int run() const {
        int n = a.size(), best = 0;
        long long sum = 0;
        for (int i = 0, j = 0; i < n; ++i) {
            while (j < n && sum < target) sum += a[j++];
            if (sum < target) break;
            if (best == 0 || j - i < best) best = j - i;
            sum -= a[i];
        }
        return best;
    }
};

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    Solver sv;
    cin >> n >> sv.target;
    sv.a.resize(n);
    for (int &x : sv.a) cin >> x;
    cout << sv.run() << '\n';
    return 0;
}
