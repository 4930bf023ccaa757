#include <bits/stdc++.h>
using namespace std;
#define rep(i,n) for(int i=0;i<(int)(n);i++)
typedef complex<int> P;

int main(){
  string s;cin>>s;
  P pos(0,0);
  rep(i,s.size()){
    switch(s[i]){
      case 'U':pos+=P(0,1);break;
      case 'D':pos-=P(0,1);break;
      case 'R':pos+=P(1,0);break;
      default:pos-=P(1,0);
    }
  }
  cout<<pos.real()<<" "<<pos.imag()<<endl;
  return 0;
}
