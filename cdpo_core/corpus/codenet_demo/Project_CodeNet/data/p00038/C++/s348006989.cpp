#include <cstdio>
#define REP(i,n) for(int i=0;i<(n);++i)
#define FOR(i,a,b) for(int i=(a);i<=(b);++i)

int H,W,K;
int G[2][52][52];

int main(){
	scanf("%d%d%d",&H,&W,&K);
	REP(i,H){
		char s[60];scanf("%s",s);
		REP(j,W) G[0][i+1][j+1]=(s[j]=='#');
	}
	REP(t,K){
		int (*a)[52]=G[t&1], (*b)[52]=G[(t+1)&1];
		FOR(i,1,H) FOR(j,1,W){
			int c=-a[i][j];
			FOR(y,i-1,i+1) FOR(x,j-1,j+1) c+=a[y][x];
			b[i][j]=(c==3)||(c==2&&a[i][j]);
		}
	}
	int (*r)[52]=G[K&1];
	FOR(i,1,H){
		FOR(j,1,W) putchar(r[i][j]?'#':'.');
		puts("");
	}
	return 0;
}
