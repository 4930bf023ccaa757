#include <iostream>
#include <string>
#include <vector>
#include <algorithm>
#include <utility>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<pair<size_t, string>> v;
    for (int i = 0; i < n; i++) {
        string s;
        cin >> s;
        v.push_back(make_pair(s.size(), s));
    }
    sort(v.begin(), v.end());
    for (size_t i = 0; i < v.size(); i++) cout << v[i].second << endl;
    return 0;
}
