#include <iostream>
#include <map>
using namespace std;

int main() {
    int n;
    long long S;
    cin >> n >> S;
    map<long long, long long> ways;  // subset sum -> number of subsets so far
    ways[0] = 1;
    for (int i = 0; i < n; i++) {
        long long x;
        cin >> x;
        map<long long, long long> next = ways;
        for (const auto &p : ways)
            if (p.first + x <= S) next[p.first + x] += p.second;
        ways.swap(next);
    }
    cout << (ways.count(S) ? ways[S] : 0) << endl;
    return 0;
}
