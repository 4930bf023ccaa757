#include <iostream>
#include <vector>
#include <iostream>
using namespace std;

int main() {
    vector<int> v(2);
    cout << v.size() << endl;
}
