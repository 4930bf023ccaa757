#include <iostream>
#include <vector>
using namespace std;
struct Pt { long long x, y; };
long long crs(const Pt &a, const Pt &b) { return a.x * b.y - a.y * b.x; }
int main() {
    int n;
    cin >> n;
    vector<Pt> p(n);
    for (auto &q : p) cin >> q.x >> q.y;
    long long s = 0;
    for (int i = 0; i < n; i++) s += cross(p[i], p[(i + 1) % n]);
    if (s < 0) s = -s;
    cout << s / 2 << (s % 2 ? ".5" : ".0") << endl;
}
