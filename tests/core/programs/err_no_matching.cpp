#include <bits/stdc++.h>
using namespace std;

int twice(int x) { return 2 * x; }

int main() {
    cout << twice(1, 2) << endl;
}
