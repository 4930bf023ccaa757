#include <iostream>
#include <vector>
#include <limits>

class CoinChanger {
public:
    explicit CoinChanger(std::vector<int> coins) : coins_(std::move(coins)) {}

    int minimumCoins(int amount) const {
        const int kInf = std::numeric_limits<int>::max();
        std::vector<int> best(amount + 1, kInf);
        best[0] = 0;
        for (int coin : coins_) {
            for (int a = coin; a <= amount; ++a) {
                if (best[a - coin] != kInf && best[a - coin] + 1 < best[a]) {
                    best[a] = best[a - coin] + 1;
                }
            }
        }
        return best[amount] == kInf ? -1 : best[amount];
    }

private:
    std::vector<int> coins_;
};

int main() {
    int n = 0, m = 0;
    std::cin >> n >> m;
    std::vector<int> coins(m);
    for (int &c : coins) std::cin >> c;
    std::cout << CoinChanger(coins).minimumCoins(n) << '\n';
    return 0;
}
