#include <bits/stdc++.h>

template <class It>
void quick_sort(It first, It last) {
    if (last - first <= 1) return;
    auto pivot = *(first + (last - first) / 2);
    It mid1 = std::partition(first, last, [&](int x) { return x < pivot; });
    It mid2 = std::partition(mid1, last, [&](int x) { return x == pivot; });
    quick_sort(first, mid1);
    quick_sort(mid2, last);
}

int main() {
    int n;
    std::scanf("%d", &n);
    std::vector<int> a(n);
    for (int &x : a) std::scanf("%d", &x);
    quick_sort(a.begin(), a.end());
    for (size_t i = 0; i < a.size(); ++i) std::printf(i ? " %d" : "%d", a[i]);
    std::puts("");
}
