#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
#define REP(i,n) for(int i=0;i<(int)(n);i++)
#define ALL(x) (x).begin(),(x).end()

int main(){
    int n; cin>>n;
    vector<ll> s(n), t(n);
    REP(i,n) cin>>s[i]>>t[i];
    vector<int> idx(n);
    iota(ALL(idx), 0);
    sort(ALL(idx), [&](int a, int b){ return t[a] < t[b]; });
    ll cur = 0; int res = 0;
    for (int i : idx) if (s[i] >= cur) { res++; cur = t[i]; }
    cout << res << endl;
    return 0;
}
