#define MAXN 200005
#define rep(i, n) for (int i = 0; i < (int)(n); i++)
#include <bits/stdc++.h>
using namespace std;

int a[MAXN];

int main() {
    int n;
    cin >> n;
    rep(i, n) cin >> a[i];
    cout << *max_element(a, a + n) << endl;
}
