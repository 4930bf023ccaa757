#include <cstdio>
#include <vector>
using namespace std;

const int MAXW = 10000;
int parent_[10005];

int getRoot(int v) {
    return parent_[v] == v ? v : (parent_[v] = getRoot(parent_[v]));
}

// Kruskal with a bucket sort: weights are small integers
int main() {
    int n, m;
    scanf("%d %d", &n, &m);
    vector<vector<pair<int, int> > > bucket(MAXW + 1);
    for (int i = 0; i < m; i++) {
        int u, v, w;
        scanf("%d %d %d", &u, &v, &w);
        bucket[w].push_back(make_pair(u, v));
    }
    for (int i = 1; i <= n; i++) parent_[i] = i;
    long long total = 0;
    for (int w = 0; w <= MAXW; w++) {
        for (size_t j = 0; j < bucket[w].size(); j++) {
            int a = getRoot(bucket[w][j].first);
            int b = getRoot(bucket[w][j].second);
            if (a != b) {
                parent_[a] = b;
                total += w;
            }
        }
    }
    printf("%lld\n", total);
    return 0;
}
