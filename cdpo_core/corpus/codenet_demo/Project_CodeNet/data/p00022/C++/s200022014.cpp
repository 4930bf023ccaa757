#include<bits/stdc++.h>
using namespace std;
typedef long long ll;
#define REP(i,n) for(int i=0;i<(int)(n);++i)
template<class T> T mpow(T b,T e,T md){
  T r=1;b%=md;
  while(e){if(e&1)r=r*b%md;b=b*b%md;e>>=1;}
  return r;
}
int main(){
  ll m,n;scanf("%lld%lld",&m,&n);
  printf("%lld\n",mpow<ll>(m,n,1000000007LL));
}
