#include<bits/stdc++.h>
using namespace std;
typedef long long ll;
#define REP(i,n) for(int i=0;i<(int)(n);i++)
int n,k;ll w[100005];
bool fits(ll P){
  int c=1;ll s=0;
  REP(i,n){ if(w[i]>P) return false; if(s+w[i]>P){c++;s=0;} s+=w[i]; }
  return c<=k;
}
int main(){
  scanf("%d%d",&n,&k);
  REP(i,n) scanf("%lld",&w[i]);
  // find the largest P that does not fit, one bit at a time; the answer is P + 1
  ll bad=0;
  for(ll b=1LL<<40;b>0;b>>=1) if(!fits(bad+b)) bad+=b;
  printf("%lld\n",bad+1);
}
