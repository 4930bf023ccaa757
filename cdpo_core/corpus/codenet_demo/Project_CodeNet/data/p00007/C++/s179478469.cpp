#include <iostream>
#include <queue>
#include <string>
#include <vector>
using namespace std;

struct Longer {
    bool operator()(const string& a, const string& b) const {
        if (a.length() != b.length()) return a.length() > b.length();
        return a > b;
    }
};

int main() {
    int n;
    cin >> n;
    priority_queue<string, vector<string>, Longer> pq;
    while (n--) {
        string s;
        cin >> s;
        pq.push(s);
    }
    while (!pq.empty()) {
        cout << pq.top() << "\n";
        pq.pop();
    }
}
