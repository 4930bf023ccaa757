#include <iostream>
#include <utility>
using namespace std;

pair<long long, long long> solve(long long a, long long b) {
    return make_pair(a + b, a * b);
}

int main() {
    long long a, b;
    cin >> a >> b;
    pair<long long, long long> ans = solve(a, b);
    cout << ans.first << " " << ans.second << endl;
    return 0;
}
