#include <cstdio>
#include <cmath>

double px[1005], py[1005];

int main() {
    int n;
    scanf("%d", &n);
    for (int i = 0; i < n; i++) scanf("%lf %lf", &px[i], &py[i]);
    double s = 0;
    for (int i = 0; i < n; i++) {
        int j = i + 1 == n ? 0 : i + 1;
        s += px[i] * py[j] - px[j] * py[i];
    }
    printf("%.1f\n", fabs(s) / 2.0);
    return 0;
}
