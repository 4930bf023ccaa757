#include<bits/stdc++.h>
using namespace std;
#define REP(i,n) for(int i=0;i<(int)(n);++i)
#define ALL(v) (v).begin(),(v).end()
int main(){
  int n;cin>>n;
  REP(_,n){
    string s,st;cin>>s;
    bool ok=true;
    for(char c:s){
      if(c=='('||c=='['||c=='{'){st+=c;continue;}
      char need=(c==')')?'(':(c==']')?'[':'{';
      if(st.empty()||st.back()!=need){ok=false;break;}
      st.pop_back();
    }
    puts(ok&&st.empty()?"YES":"NO");
  }
}
