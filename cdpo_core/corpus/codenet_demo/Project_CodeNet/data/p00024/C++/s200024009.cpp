#include <iostream>
#include <vector>
using namespace std;

int main() {
    int n, k;
    cin >> n >> k;
    vector<int> w(n);
    for (int i = 0; i < n; i++) cin >> w[i];
    for (long long P = 1;; P++) {
        int trucks = 1;
        long long cur = 0;
        bool ok = true;
        for (int i = 0; i < n && ok; i++) {
            if (w[i] > P) ok = false;
            else if (cur + w[i] > P) { trucks++; cur = w[i]; }
            else cur += w[i];
        }
        if (ok && trucks <= k) {
            cout << P << endl;
            break;
        }
    }
    return 0;
}
