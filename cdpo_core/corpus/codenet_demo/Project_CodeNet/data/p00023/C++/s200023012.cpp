#include<bits/stdc++.h>
using namespace std;
#define REP(i,n) for(int i=0;i<(int)(n);i++)
int main(){
  int n;scanf("%d",&n);
  vector<int> a(n);REP(i,n)scanf("%d",&a[i]);
  sort(a.begin(),a.end());
  // first index whose value is >= x
  auto idx=[&](long long x){
    int ng=-1,ok=n;
    while(ok-ng>1){int mid=(ok+ng)/2;(a[mid]>=x?ok:ng)=mid;}
    return ok;
  };
  int q;scanf("%d",&q);
  REP(i,q){
    int l,r;scanf("%d%d",&l,&r);
    printf("%d\n",idx((long long)r+1)-idx(l));
  }
  return 0;
}
