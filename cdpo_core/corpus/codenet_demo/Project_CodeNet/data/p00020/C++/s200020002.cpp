#include<bits/stdc++.h>
using namespace std;
typedef long long ll;
template<typename T> T GCD(T a,T b){return b?GCD(b,a%b):a;}
template<typename T> T LCM(T a,T b){return a/GCD(a,b)*b;}
#define pb push_back
int main(){
  ll a,b;vector<pair<ll,ll>> qs;
  while(scanf("%lld%lld",&a,&b)==2) qs.pb({a,b});
  for(auto&q:qs) printf("%lld %lld\n",GCD(q.first,q.second),LCM(q.first,q.second));
  return 0;
}
