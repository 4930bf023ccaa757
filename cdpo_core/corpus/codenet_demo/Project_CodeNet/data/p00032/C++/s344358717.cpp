#include <iostream>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    int n, q;
    std::cin >> n >> q;
    std::vector<int> parent(n);
    for (int i = 0; i < n; ++i) parent[i] = i;
    auto find = [&parent](int x) {
        // path halving: every other node points to its grandparent
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    };
    for (int i = 0; i < q; ++i) {
        int type, a, b;
        std::cin >> type >> a >> b;
        int ra = find(a), rb = find(b);
        if (type == 0) {
            if (ra != rb) parent[ra] = rb;
        } else {
            std::cout << (ra == rb ? "1" : "0") << '\n';
        }
    }
    return 0;
}
