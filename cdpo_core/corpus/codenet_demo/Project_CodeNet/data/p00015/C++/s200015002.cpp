// dp over total value: minw[v] = minimum weight achieving value exactly v
#include <bits/stdc++.h>
using namespace std;
const int INF = 1 << 29;

int main() {
    int n, W;
    scanf("%d %d", &n, &W);
    vector<int> v(n), w(n);
    int total = 0;
    for (int i = 0; i < n; ++i) {
        scanf("%d %d", &v[i], &w[i]);
        total += v[i];
    }
    vector<int> minw(total + 1, INF);
    minw[0] = 0;
    for (int i = 0; i < n; ++i)
        for (int s = total; s >= v[i]; --s)
            minw[s] = min(minw[s], minw[s - v[i]] + w[i]);
    int ans = 0;
    for (int s = 0; s <= total; ++s)
        if (minw[s] <= W) ans = s;
    printf("%d\n", ans);
    return 0;
}
