#include <iostream>
#include <string>
#include <algorithm>
using namespace std;

string a, b;

int solve(int i, int j) {
    if (i < 0 || j < 0) return 0;
    if (a[i] == b[j]) return solve(i - 1, j - 1) + 1;
    return max(solve(i - 1, j), solve(i, j - 1));
}

int main() {
    cin >> a >> b;
    cout << solve(a.size() - 1, b.size() - 1) << endl;
    return 0;
}
