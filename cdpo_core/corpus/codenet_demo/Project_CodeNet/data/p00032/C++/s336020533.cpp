#include <iostream>
#include <vector>
using namespace std;

vector<int> link_;

// two-pass find: locate the root, then point every node on the path straight at it
int findRoot(int x) {
    int r = x;
    while (link_[r] != r) r = link_[r];
    while (link_[x] != r) {
        int next = link_[x];
        link_[x] = r;
        x = next;
    }
    return r;
}

int main() {
    int n, q;
    cin >> n >> q;
    link_.resize(n);
    for (int i = 0; i < n; i++) link_[i] = i;
    for (int k = 0; k < q; k++) {
        int op, a, b;
        cin >> op >> a >> b;
        int ra = findRoot(a), rb = findRoot(b);
        if (op == 0) {
            // always hang the larger index under the smaller one
            if (ra < rb) link_[rb] = ra;
            else if (rb < ra) link_[ra] = rb;
        } else {
            cout << (ra == rb) << '\n';
        }
    }
    return 0;
}
