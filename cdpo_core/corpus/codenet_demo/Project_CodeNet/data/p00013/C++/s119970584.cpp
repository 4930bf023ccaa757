#include <iostream>
#include <vector>
#include <string>
using namespace std;

vector<long long> build_prefix(const vector<long long> &a) {
    vector<long long> p(a.size() + 1, 0);
    for (size_t i = 0; i < a.size(); ++i) p[i + 1] = p[i] + a[i];
    return p;
}

int main() {
    size_t n, q;
    cin >> n >> q;
    vector<long long> a(n);
    for (size_t i = 0; i < n; ++i) cin >> a[i];
    const auto p = build_prefix(a);
    auto range = [&p](size_t l, size_t r) { return p[r] - p[l - 1]; };
    for (size_t i = 0; i < q; ++i) {
        size_t l, r;
        cin >> l >> r;
        cout << range(l, r) << endl;
    }
    return 0;
}
