#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

vector<int> W;
int K;

int trucksFor(long long P) {
    int t = 0;
    size_t i = 0;
    while (i < W.size()) {
        long long s = 0;
        while (i < W.size() && s + W[i] <= P) s += W[i++];
        t++;
    }
    return t;
}

long long search(long long lo, long long hi) {
    if (lo == hi) return lo;
    long long mid = (lo + hi) / 2;
    return trucksFor(mid) <= K ? search(lo, mid) : search(mid + 1, hi);
}

int main() {
    int n;
    cin >> n >> K;
    W.resize(n);
    long long total = 0;
    for (int &x : W) {
        cin >> x;
        total += x;
    }
    cout << search(*max_element(W.begin(), W.end()), total) << endl;
    return 0;
}
