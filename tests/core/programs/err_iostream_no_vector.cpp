#include <iostream>
using namespace std;

int main() {
    vector<int> v(3);
    cout << v.size() << endl;
}
