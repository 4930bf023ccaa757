// Bit-parallel LCS (Hyyro): one machine word handles 64 columns at once.
#include <bits/stdc++.h>
using namespace std;
typedef unsigned long long ull;

int main() {
    string x, y;
    cin >> x >> y;
    int n = x.size(), W = (n + 63) / 64;
    vector<vector<ull>> match(26, vector<ull>(W, 0));
    for (int i = 0; i < n; i++) match[x[i] - 'a'][i / 64] |= 1ULL << (i % 64);
    vector<ull> V(W, ~0ULL);
    for (char ch : y) {
        const vector<ull> &M = match[ch - 'a'];
        ull carry = 0;
        for (int k = 0; k < W; k++) {
            ull u = V[k] & M[k];
            ull sum = V[k] + u;
            ull c1 = sum < V[k];
            ull sum2 = sum + carry;
            ull c2 = sum2 < sum;
            carry = c1 | c2;
            V[k] = sum2 | (V[k] & ~M[k]);
        }
    }
    int zeros = 0;
    for (int i = 0; i < n; i++)
        if (!(V[i / 64] >> (i % 64) & 1)) zeros++;
    cout << zeros << endl;
}
