#include <functional>
#include <iostream>

int main() {
    using ll = long long;
    constexpr ll MOD = 1'000'000'007;
    ll m, n;
    std::cin >> m >> n;
    std::function<ll(ll)> pw = [&](ll e) -> ll {
        if (e == 0) return 1;
        ll h = pw(e / 2);
        h = h * h % MOD;
        return e % 2 ? h * (m % MOD) % MOD : h;
    };
    std::cout << pw(n) << std::endl;
    return 0;
}
