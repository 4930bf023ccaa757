#include <cstdio>
#include <functional>
#include <vector>
#include <string>

int main() {
    int n, q;
    if (scanf("%d %d", &n, &q) != 2) return 1;
    std::vector<int> parent(n, -1), depth(n, 0);
    std::function<int(int)> leader = [&](int v) -> int {
        if (parent[v] == -1) return v;
        int r = leader(parent[v]);
        parent[v] = r;
        return r;
    };
    std::string answer;
    answer.reserve(2 * q);
    for (int i = 0; i < q; ++i) {
        int type, x, y;
        if (scanf("%d %d %d", &type, &x, &y) != 3) break;
        int rx = leader(x), ry = leader(y);
        if (type == 1) {
            answer += rx == ry ? '1' : '0';
            answer += '\n';
        } else if (rx != ry) {
            if (depth[rx] < depth[ry]) std::swap(rx, ry);
            parent[ry] = rx;
            if (depth[rx] == depth[ry]) ++depth[rx];
        }
    }
    fputs(answer.c_str(), stdout);
    return 0;
}
