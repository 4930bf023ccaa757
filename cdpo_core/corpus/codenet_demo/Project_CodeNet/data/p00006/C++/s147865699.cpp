#include <bits/stdc++.h>
using namespace std;

void merge_sort(vector<int>& a, int lo, int hi, vector<int>& tmp) {
    if (hi - lo <= 1) return;
    int mid = (lo + hi) / 2;
    merge_sort(a, lo, mid, tmp);
    merge_sort(a, mid, hi, tmp);
    int i = lo, j = mid, k = lo;
    while (i < mid || j < hi) {
        if (j >= hi || (i < mid && a[i] <= a[j])) tmp[k++] = a[i++];
        else tmp[k++] = a[j++];
    }
    for (int t = lo; t < hi; t++) a[t] = tmp[t];
}

int main() {
    int n;
    cin >> n;
    vector<int> a(n), tmp(n);
    for (int i = 0; i < n; i++) cin >> a[i];
    merge_sort(a, 0, n, tmp);
    for (int i = 0; i < n; i++) cout << a[i] << (i == n - 1 ? "\n" : " ");
    return 0;
}
