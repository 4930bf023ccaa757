#include <iostream>
#include <string>
#include <algorithm>
#include <iterator>
using namespace std;

int main() {
    string s;
    cin >> s;
    copy(s.rbegin(), s.rend(), ostream_iterator<char>(cout));
    cout << endl;
    return 0;
}
