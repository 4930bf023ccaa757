#include <bits/stdc++.h>
using namespace std;

int main() {
    int unused_value;
    cout << "hi" << endl;
}
