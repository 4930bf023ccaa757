#include <iostream>
#include <sstream>
#include <string>
#include <vector>
using namespace std;

int main() {
    string line;
    getline(cin, line);
    istringstream in(line);
    vector<long long> st;
    string tok;
    while (in >> tok) {
        if (tok.size() == 1 && !isdigit(static_cast<unsigned char>(tok[0]))) {
            long long b = st.back();
            st.pop_back();
            long long &a = st.back();
            switch (tok[0]) {
                case '+': a += b; break;
                case '-': a -= b; break;
                case '*': a *= b; break;
            }
        } else {
            st.push_back(stoll(tok));
        }
    }
    cout << st.back() << "\n";
    return 0;
}
