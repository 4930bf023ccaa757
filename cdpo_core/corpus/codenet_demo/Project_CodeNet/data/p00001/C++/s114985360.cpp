#include <bits/stdc++.h>
using namespace std;

int main() {
    long long a, b;
    // read both numbers at once
    cin >> a >> b
    cout << a + b << " " << a * b << endl;
    return 0;
}
