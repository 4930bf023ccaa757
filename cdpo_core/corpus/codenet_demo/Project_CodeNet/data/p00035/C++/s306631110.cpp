#include <iostream>
#include <vector>
using namespace std;
int main() {
    int n;
    cin >> n;
    vector<int> par(n);
    for (int i = 2; i <= n; i++) cin >> par[i];
    vector<int> d(n, -1);
    d[1] = 0;
    for (int i = 1; i <= n; i++) {
        int v = i, k = 0;
        while (d[v] < 0) { v = par[v]; k++; }
        d[i] = d[v] + k;
    }
    for (int i = 1; i <= n; i++) cout << d[i] << (i == n ? "\n" : " ");
}
