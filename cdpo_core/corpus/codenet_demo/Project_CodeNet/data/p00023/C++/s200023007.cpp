#include <cstdio>
#include <vector>

int main() {
    int n, q;
    scanf("%d", &n);
    std::vector<int> a(n);
    for (int i = 0; i < n; i++) scanf("%d", &a[i]);
    scanf("%d", &q);
    while (q--) {
        int l, r, c = 0;
        scanf("%d %d", &l, &r);
        for (int i = 0; i < n; i++)
            if (l <= a[i] && a[i] <= r) c++;
        printf("%d\n", c);
    }
    return 0;
}
