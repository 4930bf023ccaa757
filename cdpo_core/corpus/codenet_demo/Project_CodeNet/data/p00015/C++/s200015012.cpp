#include <iostream>
#include <vector>
#include <algorithm>

int n, cap;
std::vector<int> val, wt;
std::vector<std::vector<int>> memo;

int best(int i, int rest) {
    if (i == n) return 0;
    int &res = memo[i][rest];
    if (res >= 0) return res;
    res = best(i + 1, rest);
    if (wt[i] <= rest) res = std::max(res, best(i + 1, rest - wt[i]) + val[i]);
    return res;
}

int main() {
    std::cin >> n >> cap;
    val.resize(n);
    wt.resize(n);
    for (int i = 0; i < n; ++i) std::cin >> val[i] >> wt[i];
    memo.assign(n, std::vector<int>(cap + 1, -1));
    std::cout << best(0, cap) << std::endl;
    return 0;
}
