#include<bits/stdc++.h>
using namespace std;
typedef long long ll;
#define REP(i,n) for(int i=0;i<(int)(n);++i)
int main(){
  int n;ll s;cin>>n>>s;
  vector<ll> a(n);REP(i,n)cin>>a[i];
  int ans=0;
  REP(mask,1<<n){
    bitset<20> b(mask);
    ll t=0;
    REP(i,n) if(b.test(i)) t+=a[i];
    ans+=(t==s);
  }
  cout<<ans<<"\n";
  return 0;
}
