#include <bits/stdc++.h>
#define REP(i,n) for(int i=0;i<(int)(n);++i)
#define ALL(c) (c).begin(),(c).end()
using namespace std;
typedef long long ll;

int main(){
    int n; cin>>n;
    vector<ll> X(n),Y(n);
    REP(i,n) cin>>X[i]>>Y[i];
    vector<int> id(n);
    iota(ALL(id),0);
    auto term=[&](ll acc,int i){ int j=(i+1)%n; return acc+X[i]*Y[j]-X[j]*Y[i]; };
    ll s=accumulate(ALL(id),0LL,term);
    if(s<0) s=-s;
    printf("%lld.%c\n",s/2,s%2?'5':'0');
    return 0;
}
