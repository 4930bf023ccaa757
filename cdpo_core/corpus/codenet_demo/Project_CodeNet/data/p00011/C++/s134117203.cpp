#include <iostream>
#include <map>
#include <functional>
using namespace std;

int main() {
    long long n;
    cin >> n;
    map<int, long long, greater<int>> used = {{1, 0}, {5, 0}, {10, 0}, {50, 0}, {100, 0}, {500, 0}};
    for (auto &p : used) {
        p.second = n / p.first;
        n %= p.first;
    }
    long long sum = 0;
    for (const auto &p : used) sum += p.second;
    cout << sum << "\n";
    return 0;
}
