#include <bits/stdc++.h>
#define REP(i,n) for(int i=0;i<(n);i++)
using namespace std;

int main(){
  int S;cin>>S;
  int unit[3]={3600,60,1};
  int ans[3];
  REP(i,3){
    ans[i]=S/unit[i];
    S%=unit[i];
  }
  cout<<ans[0]<<":"<<ans[1]<<":"<<ans[2]<<endl;
}
