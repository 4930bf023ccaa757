#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
#define REP(i,n) for(int i=0;i<(int)(n);++i)
#define FOR(i,a,b) for(int i=(a);i<=(int)(b);++i)
template<class T> bool chmin(T &a, const T &b){ if(b<a){a=b;return true;} return false; }
const ll INF=1LL<<60;

int main(){
  int n,m; cin>>n>>m;
  vector<int> c(m); REP(i,m) cin>>c[i];
  vector<ll> dp(n+1,INF); dp[0]=0;
  FOR(x,1,n) REP(i,m) if(c[i]<=x) chmin(dp[x],dp[x-c[i]]+1);
  cout<<(dp[n]==INF?-1:dp[n])<<"\n";
  return 0;
}
