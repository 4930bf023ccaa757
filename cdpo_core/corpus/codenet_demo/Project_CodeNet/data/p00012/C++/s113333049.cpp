#include <iostream>
#include <vector>
using namespace std;

int n;
vector<int> s, t;

int best(int i, int freeFrom) {
    if (i == n) return 0;
    int skip = best(i + 1, freeFrom);
    if (s[i] >= freeFrom) {
        // only valid if it does not clash with later picks: recompute from its end
        int take = 1 + best(i + 1, t[i]);
        if (take > skip) return take;
    }
    return skip;
}

int main() {
    cin >> n;
    s.resize(n);
    t.resize(n);
    for (int i = 0; i < n; i++) cin >> s[i] >> t[i];
    // sort by start so that choices stay in time order
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (s[j] < s[i]) {
                swap(s[i], s[j]);
                swap(t[i], t[j]);
            }
    cout << best(0, 0) << endl;
    return 0;
}
