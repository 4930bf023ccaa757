#include <iostream>
#include <vector>
using namespace std;

int main() {
    int n, k;
    cin >> n >> k;
    vector<int> v(n);
    for (int i = 0; i < n; i++) v[i] = i + 1;
    int pos = 0;
    while (v.size() > 1) {
        pos = (pos + k) % v.size();
        v.erase(v.begin() + pos);
    }
    cout << v[0] << endl;
    return 0;
}
