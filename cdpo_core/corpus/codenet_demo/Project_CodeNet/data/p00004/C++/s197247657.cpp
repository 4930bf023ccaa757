#include <bits/stdc++.h>
using namespace std;
#define REP(i,n) for(int i=0;i<(int)(n);i++)

int main(){
    string s; cin>>s;
    s+='#';
    char prev=s[0]; int len=0;
    REP(i,s.size()){
        if(s[i]==prev){len++;continue;}
        cout<<prev<<len;
        prev=s[i]; len=1;
    }
    cout<<endl;
}
