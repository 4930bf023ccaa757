#include<bits/stdc++.h>
using namespace std;
#define REP(i,a,b) for(int i=(a);i<(b);++i)
int dp[2][1005];
int main(){
    char A[1005],B[1005];
    scanf("%s%s",A,B);
    int n=strlen(A),m=strlen(B);
    REP(i,1,n+1)REP(j,1,m+1){
        int &d=dp[i&1][j];
        if(A[i-1]==B[j-1]) d=dp[(i-1)&1][j-1]+1;
        else d=max(dp[(i-1)&1][j],dp[i&1][j-1]);
    }
    printf("%d\n",dp[n&1][m]);
}
