#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

vector<vector<pair<int, long long>>> tree_;
long long diameter = 0;

// returns the longest downward path from v; joins the two longest at v
long long height(int v, int parent) {
    long long first = 0, second = 0;
    for (auto &e : tree_[v]) {
        if (e.first == parent) continue;
        long long h = height(e.first, v) + e.second;
        if (h > first) {
            second = first;
            first = h;
        } else if (h > second) {
            second = h;
        }
    }
    diameter = max(diameter, first + second);
    return first;
}

int main() {
    int n;
    cin >> n;
    tree_.resize(n + 1);
    for (int i = 1; i < n; ++i) {
        int a, b;
        long long w;
        cin >> a >> b >> w;
        tree_[a].emplace_back(b, w);
        tree_[b].emplace_back(a, w);
    }
    height(1, 0);
    cout << diameter << '\n';
    return 0;
}
