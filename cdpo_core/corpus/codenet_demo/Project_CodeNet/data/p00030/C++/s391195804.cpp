#include <bits/stdc++.h>
using namespace std;
#define rep(i,a,b) for(int i=(a);i<(b);i++)
typedef long long ll;
typedef pair<ll,int> pli;
const ll INF=1e18;

vector<pli> G[10005];
ll dist_[10005];

int main(){
  int n,m,s; scanf("%d%d%d",&n,&m,&s);
  rep(i,0,m){int a,b;ll c;scanf("%d%d%lld",&a,&b,&c);G[a].push_back(pli(c,b));}
  rep(i,1,n+1) dist_[i]=INF;
  // max-heap of negated distances
  priority_queue<pli> q;
  dist_[s]=0; q.push(pli(0,s));
  while(!q.empty()){
    pli t=q.top();q.pop();
    ll d=-t.first;int v=t.second;
    if(dist_[v]<d)continue;
    for(auto &e:G[v]){
      if(dist_[e.second]>d+e.first){
        dist_[e.second]=d+e.first;
        q.push(pli(-dist_[e.second],e.second));
      }
    }
  }
  rep(i,1,n+1){
    if(dist_[i]==INF)puts("INF");
    else printf("%lld\n",dist_[i]);
  }
  return 0;
}
