#include <cstdio>
#include <algorithm>
#define FOR(i,a,b) for(int i=(a);i<(b);++i)
#define EACH(e,v) for(int e=head[v];e!=-1;e=nxt[e])
typedef long long ll;
typedef std::pair<ll,int> P;

const int MX=100005;
int head[MX],nxt[2*MX],to[2*MX],wt[2*MX],ec;
void add(int a,int b,int c){to[ec]=b;wt[ec]=c;nxt[ec]=head[a];head[a]=ec++;}

// (distance, vertex) of the farthest vertex in the subtree entered from p
P far(int v,int p){
    P r(0,v);
    EACH(e,v){
        if(to[e]==p)continue;
        P s=far(to[e],v);
        s.first+=wt[e];
        r=std::max(r,s);
    }
    return r;
}

int main(){
    int n;scanf("%d",&n);
    FOR(i,0,n+1)head[i]=-1;
    FOR(i,1,n){int a,b,c;scanf("%d%d%d",&a,&b,&c);add(a,b,c);add(b,a,c);}
    P a=far(1,0);
    P b=far(a.second,0);
    printf("%lld\n",b.first);
    return 0;
}
