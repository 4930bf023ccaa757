#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
#define REP(i,n) for(int i=0;i<(int)(n);i++)
#define RREP(i,a,b) for(int i=(int)(a);i>=(int)(b);i--)
#define ALL(x) (x).begin(),(x).end()

int main(){
  ios::sync_with_stdio(false);
  cin.tie(nullptr);
  int N,W;cin>>N>>W;
  vector<ll> dp(W+1,0);
  REP(i,N){
    int v,w;cin>>v>>w;
    RREP(j,W,w) dp[j]=max(dp[j],dp[j-w]+v);
  }
  cout<<*max_element(ALL(dp))<<"\n";
}
