#include <iostream>
#include <vector>
#include <string>
#include <algorithm>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<string> w(n);
    for (auto& s : w) cin >> s;
    sort(w.begin(), w.end(), [](const string& a, const string& b) { return a.size() < b.size(); });
    for (auto& s : w) cout << s << "\n";
    return 0;
}
