#include <iostream>
#include <set>
#include <sstream>
#include <vector>
using namespace std;

vector<vector<int>> nextOf;
vector<int> need;
set<int> freeSet;
ostringstream out;
int emitted = 0;

// emits the smallest free vertex, then recurses on what is left
void emitNext() {
    if (freeSet.empty()) return;
    int v = *freeSet.begin();
    freeSet.erase(freeSet.begin());
    out << (emitted++ ? " " : "") << v;
    for (int u : nextOf[v])
        if (--need[u] == 0) freeSet.insert(u);
    emitNext();
}

int main() {
    int n, m;
    cin >> n >> m;
    nextOf.resize(n + 1);
    need.assign(n + 1, 0);
    for (int i = 0; i < m; i++) {
        int a, b;
        cin >> a >> b;
        nextOf[a].push_back(b);
        need[b]++;
    }
    for (int v = 1; v <= n; v++)
        if (need[v] == 0) freeSet.insert(v);
    emitNext();
    if (emitted != n) cout << "-1" << endl;
    else cout << out.str() << endl;
    return 0;
}
