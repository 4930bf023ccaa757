// Hunt-Szymanski: reduce LCS to a strictly increasing subsequence over match positions.
#include <bits/stdc++.h>
using namespace std;

int main() {
    string x, y;
    cin >> x >> y;
    vector<vector<int>> pos(26);
    for (int i = 0; i < (int)x.size(); i++) pos[x[i] - 'a'].push_back(i);
    vector<int> tails;
    for (char c : y) {
        const auto &p = pos[c - 'a'];
        for (auto it = p.rbegin(); it != p.rend(); ++it) {
            auto at = lower_bound(tails.begin(), tails.end(), *it);
            if (at == tails.end()) tails.push_back(*it);
            else *at = *it;
        }
    }
    cout << tails.size() << "\n";
    return 0;
}
