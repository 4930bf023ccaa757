#include <iostream>
using namespace std;

int main() {
    int n = 3
    cout << n << endl;
}
