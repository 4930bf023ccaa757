#include <iostream>
#include <string>
#include <vector>
#include <algorithm>
using namespace std;

// one row plus the saved diagonal value
int main() {
    string a, b;
    cin >> a >> b;
    vector<int> row(b.size() + 1, 0);
    for (char ca : a) {
        int diag = 0;
        for (size_t j = 1; j <= b.size(); ++j) {
            int up = row[j];
            row[j] = (ca == b[j - 1]) ? diag + 1 : max(row[j], row[j - 1]);
            diag = up;
        }
    }
    cout << row[b.size()] << '\n';
    return 0;
}
