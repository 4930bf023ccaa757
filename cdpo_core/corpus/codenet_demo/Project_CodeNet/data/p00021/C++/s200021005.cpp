#include <bits/stdc++.h>
using namespace std;

int main() {
    const int N = 1000000;
    vector<bool> p(N, true);
    p[0] = false;
    for (int i = 2; i * i < N; i++)
        if (p[i])
            for (int j = i * i; j < N; j += i) p[j] = false;
    int n;
    while (cin >> n) {
        int c = 0;
        for (int i = 0; i <= n; i++) if (p[i]) c++;
        cout << c << endl;
    }
}
