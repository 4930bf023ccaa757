#include <cstdio>
#include <queue>
#include <cstring>
using namespace std;
char g[105][105];
int d[105][105];
int main(){
    int h,w;
    scanf("%d%d",&h,&w);
    for(int i=0;i<h;i++) scanf("%s",g[i]);
    memset(d,-1,sizeof d);
    queue<int> q;
    for(int i=0;i<h;i++)for(int j=0;j<w;j++)if(g[i][j]=='S'){d[i][j]=0;q.push(i*w+j);}
    while(!q.empty()){
        int y=q.front()/w,x=q.front()%w;q.pop();
        if(g[y][x]=='G'){printf("%d\n",d[y][x]);return 0;}
        for(int a=-1;a<=1;a++)for(int b=-1;b<=1;b++){
            int ny=y+a,nx=x+b;
            if(ny<0||nx<0||ny>=h||nx>=w||g[ny][nx]=='#'||d[ny][nx]>=0)continue;
            d[ny][nx]=d[y][x]+1;q.push(ny*w+nx);
        }
    }
    puts("-1");
}
