// Process values in increasing order; dp over positions kept in a Fenwick tree of maxima.
#include <bits/stdc++.h>
using namespace std;

int n;
vector<int> fw;

void upd(int i, int v) { for (++i; i <= n; i += i & -i) fw[i] = max(fw[i], v); }
int qry(int i) { int r = 0; for (; i > 0; i -= i & -i) r = max(r, fw[i]); return r; }  // max over [0, i)

int main() {
    scanf("%d", &n);
    vector<int> a(n), ord(n), dp(n);
    for (int i = 0; i < n; i++) scanf("%d", &a[i]);
    iota(ord.begin(), ord.end(), 0);
    sort(ord.begin(), ord.end(), [&](int x, int y) { return a[x] < a[y]; });
    fw.assign(n + 1, 0);
    int i = 0;
    while (i < n) {
        int j = i;
        while (j < n && a[ord[j]] == a[ord[i]]) j++;
        for (int k = i; k < j; k++) dp[ord[k]] = qry(ord[k]) + 1;
        for (int k = i; k < j; k++) upd(ord[k], dp[ord[k]]);
        i = j;
    }
    printf("%d\n", *max_element(dp.begin(), dp.end()));
}
