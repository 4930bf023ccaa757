#include <iostream>
#include <vector>
#include <cstdlib>
using namespace std;

struct Point {
    long long x, y;
};

long long cross(const Point &o, const Point &a, const Point &b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

// fan of signed triangles from vertex 0
int main() {
    int n;
    cin >> n;
    vector<Point> p(n);
    for (auto &q : p) cin >> q.x >> q.y;
    long long s = 0;
    for (int i = 1; i + 1 < n; ++i) s += cross(p[0], p[i], p[i + 1]);
    if (s < 0) s = -s;
    cout << s / 2 << '.' << (s % 2 == 1 ? 5 : 0) << '\n';
    return 0;
}
