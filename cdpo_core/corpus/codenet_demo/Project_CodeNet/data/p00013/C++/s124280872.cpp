#include <bits/stdc++.h>
#define REP(i,n) for(int i=0;i<(int)(n);i++)
#define FOR(i,a,b) for(int i=(a);i<=(int)(b);i++)
using namespace std;
using ll = long long;

int main() {
	int N, Q;
	cin >> N >> Q;
	vector<ll> A(N + 1), S(N + 1);
	FOR(i, 1, N) cin >> A[i];
	FOR(i, 1, N) S[i] = S[i - 1] + A[i];
	string out;
	REP(_, Q) {
		int l, r;
		cin >> l >> r;
		out += to_string(S[r] - S[l - 1]);
		out += '\n';
	}
	cout << out;
	return 0;
}
