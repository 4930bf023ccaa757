#include <iostream>
#include <set>
using namespace std;

int main() {
    ios_base::sync_with_stdio(false);
    cin.tie(0);
    int n;
    cin >> n;
    set<int> s;
    while (n--) {
        int x;
        cin >> x;
        auto it = s.lower_bound(x);
        if (it != s.end()) s.erase(it);
        s.insert(x);
    }
    cout << s.size() << "\n";
    return 0;
}
