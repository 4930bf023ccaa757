#include <iostream>
#include <string>
#include <vector>
using namespace std;

int main() {
    int h, w;
    cin >> h >> w;
    const int mod = 1e9 + 7;
    vector<int> row(w, 0);
    row[0] = 1;
    for (int i = 0; i < h; ++i) {
        string s;
        cin >> s;
        for (int j = 0; j < w; ++j) {
            if (s[j] == '#') row[j] = 0;
            else if (j > 0) row[j] = (row[j] + row[j - 1]) % mod;
        }
    }
    cout << row[w - 1] << endl;
    return 0;
}
