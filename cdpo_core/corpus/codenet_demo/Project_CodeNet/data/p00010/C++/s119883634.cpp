#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, k;
    cin >> n >> k;
    list<int> circle;
    for (int i = 1; i <= n; i++) circle.push_back(i);
    auto it = circle.begin();
    while (circle.size() > 1) {
        for (int s = 1; s < k; s++) {
            ++it;
            if (it == circle.end()) it = circle.begin();
        }
        it = circle.erase(it);
        if (it == circle.end()) it = circle.begin();
    }
    cout << circle.front() << "\n";
}
