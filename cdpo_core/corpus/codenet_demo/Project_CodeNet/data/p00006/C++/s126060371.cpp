#include <iostream>
#include <map>
#include <string>
using namespace std;

int main() {
    int n;
    cin >> n;
    map<int, int> freq;
    for (int i = 0; i < n; i++) {
        int x;
        cin >> x;
        ++freq[x];
    }
    string sep = "";
    for (const auto& [value, times] : freq) {
        for (int t = 0; t < times; t++) {
            cout << sep << value;
            sep = " ";
        }
    }
    cout << endl;
    return 0;
}
