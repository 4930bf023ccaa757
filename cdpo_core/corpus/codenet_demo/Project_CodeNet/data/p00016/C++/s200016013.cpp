#include <bits/stdc++.h>
using namespace std;
#define REP(i,n) for(int i=0;i<(n);++i)
const int INF=INT_MAX;
int dp[100010];
int main(){
  int n;scanf("%d",&n);
  fill(dp,dp+n+1,INF);
  REP(i,n){
    int a;scanf("%d",&a);
    *lower_bound(dp,dp+n,a)=a;
  }
  printf("%d\n",(int)(lower_bound(dp,dp+n,INF)-dp));
  return 0;
}
