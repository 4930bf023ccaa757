#pragma GCC optimize("O2")
#include <bits/stdc++.h>
using namespace std;

int main() {
    map<string, int> m;
    m["a"] = 1;
    cout << m.size() << endl;
}
