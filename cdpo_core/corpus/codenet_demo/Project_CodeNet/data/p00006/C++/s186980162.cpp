#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
#define REP(i,n) for(int i=0;i<(int)(n);++i)
#define ALL(v) (v).begin(),(v).end()

int main(){
  int n;cin>>n;
  vector<ll> v(n);
  REP(i,n)cin>>v[i];
  sort(ALL(v),greater<ll>());
  reverse(ALL(v));
  REP(i,n){
    cout<<v[i]<<(i+1<n?' ':'\n');
  }
  return 0;
}
