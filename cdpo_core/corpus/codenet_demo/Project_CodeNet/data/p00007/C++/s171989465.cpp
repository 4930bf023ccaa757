#include <bits/stdc++.h>
using namespace std;
#define rep(i,n) for(int i=0;i<(int)(n);i++)

struct Word {
    string s;
    bool operator<(const Word& o) const {
        return make_tuple(s.size(), s) < make_tuple(o.s.size(), o.s);
    }
};

int main() {
    int n; cin >> n;
    vector<Word> ws(n);
    rep(i, n) cin >> ws[i].s;
    sort(ws.begin(), ws.end());
    rep(i, n) cout << ws[i].s << '\n';
}
