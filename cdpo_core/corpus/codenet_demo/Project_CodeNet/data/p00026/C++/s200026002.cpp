// Evaluate from the right end: an operator's right operand is the expression just before it.
#include <iostream>
#include <string>
#include <vector>
using namespace std;

vector<string> toks;
int idx;

long long eval() {
    const string t = toks[idx--];
    if (t == "+" || t == "-" || t == "*") {
        long long rhs = eval();
        long long lhs = eval();
        if (t == "+") return lhs + rhs;
        if (t == "-") return lhs - rhs;
        return lhs * rhs;
    }
    return stoll(t);
}

int main() {
    string s;
    while (cin >> s) toks.push_back(s);
    idx = static_cast<int>(toks.size()) - 1;
    cout << eval() << endl;
    return 0;
}
