#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
#define FOR(i,a,b) for(int i=(a);i<(b);i++)

char shift(char c, int k) {
    int x = c - 'a';
    x = (x + k) % 26;
    return (char)(x + 'a');
}

int main() {
    ll k; string s;
    cin >> k >> s;
    int kk = (int)(k % 26);
    FOR(i, 0, (int)s.size()) s[i] = shift(s[i], kk);
    cout << s << "\n";
}
