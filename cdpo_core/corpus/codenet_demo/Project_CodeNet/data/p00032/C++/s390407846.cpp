#include<cstdio>
int par[100010];
int f(int x){return par[x]==x?x:(par[x]=f(par[x]));}
int main(){
    int n,q,c,a,b;
    scanf("%d%d",&n,&q);
    for(int i=0;i<n;i++)par[i]=i;
    while(q--){
        scanf("%d%d%d",&c,&a,&b);
        if(c)printf("%d\n",f(a)==f(b)?1:0);
        else par[f(a)]=f(b);
    }
    return 0;
}
