#include<bits/stdc++.h>
using namespace std;
#define REP(i,a,b) for(int i=(a);i<(b);i++)
const int MX=1000000;
bitset<MX> sv;
int acc[MX];
int main(){
  sv.set();sv[0]=sv[1]=0;
  REP(i,2,1001) if(sv[i]) for(int j=i*i;j<MX;j+=i) sv[j]=0;
  REP(i,1,MX) acc[i]=acc[i-1]+sv[i];
  int n;
  while(cin>>n) cout<<acc[n]<<"\n";
}
