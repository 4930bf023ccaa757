#include<bits/stdc++.h>
using namespace std;
typedef long long ll;
int main(){
  map<string,function<ll(ll,ll)>> op={
    {"+",[](ll a,ll b){return a+b;}},
    {"-",[](ll a,ll b){return a-b;}},
    {"*",[](ll a,ll b){return a*b;}},
  };
  vector<ll> st;string t;
  while(cin>>t){
    auto it=op.find(t);
    if(it==op.end()){st.push_back(stoll(t));continue;}
    ll b=st.back();st.pop_back();
    ll a=st.back();st.pop_back();
    st.push_back(it->second(a,b));
  }
  cout<<st.back()<<"\n";
}
