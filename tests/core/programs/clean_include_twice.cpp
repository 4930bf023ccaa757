#include <bits/stdc++.h>
#include <iostream>
#include <bits/stdc++.h>
using namespace std;

int main() {
    vector<int> v = {2, 1};
    cout << v.size() << endl;
}
