#include<bits/stdc++.h>
using namespace std;
typedef long long ll;
#define REP(i,n) for(int i=0;i<(int)(n);i++)
constexpr ll MOD=1e9+7;

int main(){
  int H,W;cin>>H>>W;
  vector<string> a(H);REP(i,H)cin>>a[i];
  vector<vector<ll>> dp(H+1,vector<ll>(W+1,0));
  dp[0][0]=1;
  // push the count forward to the right and downward neighbours
  REP(i,H)REP(j,W){
    if(a[i][j]=='#'){dp[i][j]=0;continue;}
    dp[i][j]%=MOD;
    if(j+1<W)dp[i][j+1]+=dp[i][j];
    if(i+1<H)dp[i+1][j]+=dp[i][j];
  }
  cout<<dp[H-1][W-1]%MOD<<endl;
}
