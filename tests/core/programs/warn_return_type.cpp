#include <bits/stdc++.h>
using namespace std;

int sign(int x) {
    if (x > 0) return 1;
    if (x < 0) return -1;
}

int main() { cout << sign(3) << endl; }
