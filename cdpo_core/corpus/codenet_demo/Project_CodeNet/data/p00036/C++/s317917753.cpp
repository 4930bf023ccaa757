#include <complex>
#include <cmath>
#include <cstdio>
#include <vector>
using namespace std;
typedef complex<double> P;

double cross(const P &a, const P &b) { return imag(conj(a) * b); }

int main() {
    int n;
    scanf("%d", &n);
    vector<P> ps;
    for (int i = 0; i < n; i++) {
        double x, y;
        scanf("%lf %lf", &x, &y);
        ps.push_back(P(x, y));
    }
    double area = 0;
    for (int i = 0; i < n; i++) area += cross(ps[i], ps[(i + 1) % n]);
    printf("%.1f\n", abs(area) * 0.5);
    return 0;
}
