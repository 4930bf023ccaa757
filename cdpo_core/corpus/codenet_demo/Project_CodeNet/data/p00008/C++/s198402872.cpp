#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
#define REP(i,n) for(int i=0;i<(n);i++)
const ll INF = 1LL << 60;

int main() {
	int N;
	cin >> N;
	vector<ll> A(N);
	REP(i, N) cin >> A[i];
	sort(A.rbegin(), A.rend());
	ll ans = INF;
	REP(i, N - 1) ans = min(ans, A[i] - A[i + 1]);
	cout << ans << endl;
	return 0;
}
