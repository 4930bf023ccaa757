#include <iostream>
#include <string>
#include <vector>
using namespace std;

int main() {
    string s;
    cin >> s;
    vector<int> counts(26);
    for (char c : s) counts[c - 'a']++;
    cout << counts[0] << '\n';
    return 0;
}
