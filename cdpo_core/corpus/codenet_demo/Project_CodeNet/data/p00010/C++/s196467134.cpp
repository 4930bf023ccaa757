#include <iostream>
#include <deque>
#include <algorithm>
using namespace std;

int main() {
    int n, k;
    cin >> n >> k;
    deque<int> dq;
    for (int i = 1; i <= n; i++) dq.push_back(i);
    while (dq.size() > 1) {
        int shift = (k - 1) % (int)dq.size();
        rotate(dq.begin(), dq.begin() + shift, dq.end());
        dq.pop_front();
    }
    cout << dq.front() << endl;
    return 0;
}
