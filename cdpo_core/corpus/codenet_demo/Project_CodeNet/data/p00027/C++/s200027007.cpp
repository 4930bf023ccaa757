#include <iostream>
#include <vector>
using namespace std;

int n;
long long S;
vector<long long> a;

long long rec(int i, long long sum) {
    if (i > n) return sum == S;
    return rec(i + 1, sum) + rec(i + 1, sum + a.at(i));
}

int main() {
    cin >> n >> S;
    a.resize(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    cout << rec(0, 0) << endl;
    return 0;
}
