#include <cstdio>
#include <algorithm>
#include <utility>

std::pair<int, int> a[100000];

int main() {
    int n;
    scanf("%d", &n);
    for (int i = 0; i < n; i++) scanf("%d %d", &a[i].second, &a[i].first);
    std::sort(a, a + n);
    int cnt = 0, last = -1;
    for (int i = 0; i < n; i++) {
        if (a[i].second > last) {
            cnt++;
            last = a[i].first;
        }
    }
    printf("%d\n", cnt);
    return 0;
}
