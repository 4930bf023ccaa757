#include <iostream>
#include <vector>
using namespace std;

vector<int> parent_, memo;

// depth(v) = depth(parent) + 1, memoised so every vertex is computed once
int depthOf(int v) {
    if (memo[v] >= 0) return memo[v];
    return memo[v] = depthOf(parent_[v]) + 1;
}

int main() {
    int n;
    cin >> n;
    parent_.assign(n + 1, 0);
    memo.assign(n + 1, -1);
    for (int i = 2; i <= n; ++i) cin >> parent_[i];
    memo[1] = 0;
    for (int v = 1; v <= n; ++v) {
        if (v > 1) cout << ' ';
        cout << depthOf(v);
    }
    cout << endl;
    return 0;
}
