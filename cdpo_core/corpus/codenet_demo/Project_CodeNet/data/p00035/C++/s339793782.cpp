#include <cstdio>
#include <vector>
using namespace std;

vector<int> kids[100005];
int dep[100005];

void dfs(int v, int d) {
    dep[v] = d;
    for (size_t i = 0; i < kids[v].size(); i++) dfs(kids[v][i], d + 1);
}

int main() {
    int n;
    scanf("%d", &n);
    for (int i = 2; i <= n; i++) {
        int p;
        scanf("%d", &p);
        kids[p].push_back(i);
    }
    dfs(1, 0);
    for (int i = 1; i <= n; i++) printf("%d%c", dep[i], i < n ? ' ' : '\n');
    return 0;
}
