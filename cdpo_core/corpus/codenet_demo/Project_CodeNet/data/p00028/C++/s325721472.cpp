#include <bits/stdc++.h>
using namespace std;

// level-by-level BFS: the frontier after k rounds is every cell at distance k
int main(){
    int H,W; cin>>H>>W;
    vector<string> s(H);
    for(int i=0;i<H;i++) cin>>s[i];
    vector<vector<char>> vis(H, vector<char>(W,0));
    vector<pair<int,int>> cur;
    for(int i=0;i<H;i++) for(int j=0;j<W;j++) if(s[i][j]=='S'){ cur.push_back({i,j}); vis[i][j]=1; }
    int step=0;
    while(!cur.empty()){
        for(auto &p:cur) if(s[p.first][p.second]=='G'){ printf("%d\n",step); return 0; }
        vector<pair<int,int>> nxt;
        for(auto &p:cur){
            int y=p.first,x=p.second;
            int cand[4][2]={{y+1,x},{y-1,x},{y,x+1},{y,x-1}};
            for(auto &c:cand){
                int ny=c[0],nx=c[1];
                if(ny<0||nx<0||ny>=H||nx>=W) continue;
                if(vis[ny][nx]||s[ny][nx]=='#') continue;
                vis[ny][nx]=1;
                nxt.push_back({ny,nx});
            }
        }
        cur.swap(nxt);
        step++;
    }
    puts("-1");
}
