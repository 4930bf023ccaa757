#include <iostream>
#include <optional>
#include <vector>
using namespace std;

int main() {
    int n, m;
    cin >> n >> m;
    vector<int> coins(m);
    for (int &c : coins) cin >> c;
    vector<optional<int>> best(n + 1);
    best[0] = 0;
    auto relax = [&](int to, int from) {
        if (!best[from]) return;
        if (!best[to] || *best[from] + 1 < *best[to]) best[to] = *best[from] + 1;
    };
    for (int amount = 1; amount <= n; ++amount)
        for (int c : coins)
            if (c <= amount) relax(amount, amount - c);
    cout << best[n].value_or(-1) << endl;
}
