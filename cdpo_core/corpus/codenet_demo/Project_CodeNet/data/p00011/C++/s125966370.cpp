#include <bits/stdc++.h>
using namespace std;
#define rep(i,n) for(int i=0;i<(int)(n);i++)

int main(){
  int n;cin>>n;
  int a[]={500,100,50,10,5,1};
  int res=0;
  rep(i,6){
    while(n>=a[i]){
      int t=n/a[i];
      res+=t;
      n-=t*a[i];
    }
  }
  cout<<res<<endl;
}
