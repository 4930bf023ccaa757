#include <bits/stdc++.h>
#define rep(i,n) for(int i=0;i<(n);++i)
#define pb push_back
using namespace std;
typedef vector<int> vi;

int main(){
    int n,m;scanf("%d%d",&n,&m);
    vector<vi> G(n+1);vi deg(n+1);
    rep(i,m){int a,b;scanf("%d%d",&a,&b);G[a].pb(b);deg[b]++;}
    priority_queue<int> q; // stores -v so the top is the smallest vertex
    for(int v=1;v<=n;v++) if(!deg[v]) q.push(-v);
    vi ord;
    while(!q.empty()){
        int v=-q.top();q.pop();
        ord.pb(v);
        for(int u:G[v]) if(!--deg[u]) q.push(-u);
    }
    if((int)ord.size()!=n){puts("-1");return 0;}
    rep(i,n) printf("%d%c",ord[i],i==n-1?'\n':' ');
    return 0;
}
