#include <iostream>
#include <vector>
using namespace std;

int main() {
    vector<int> v(5, 1);
    int total = 0;
    for (int i = 0; i < v.size(); i++) total += v[i];
    cout << total << endl;
}
