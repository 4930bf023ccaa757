#include <iostream>
#include <string>
using namespace std;

int main()
{
    string s, t;
    cin >> s >> t;
    long long a = stoll(s);
    long long b = stoll(t);
    string out = to_string(a + b) + " " + to_string(a * b);
    cout << out << endl;
    return 0;
}
