#include <deque>
#include <iostream>
using namespace std;

// peel the matrix: top row, right column, bottom row reversed, left column reversed
int main() {
    int h, w;
    cin >> h >> w;
    deque<deque<int>> m(h, deque<int>(w));
    for (auto &row : m)
        for (auto &x : row) cin >> x;
    deque<int> out;
    while (!m.empty()) {
        for (int x : m.front()) out.push_back(x);
        m.pop_front();
        for (auto &row : m) {
            out.push_back(row.back());
            row.pop_back();
        }
        if (!m.empty() && m.front().empty()) break;
        if (!m.empty()) {
            for (auto it = m.back().rbegin(); it != m.back().rend(); ++it) out.push_back(*it);
            m.pop_back();
        }
        for (auto it = m.rbegin(); it != m.rend(); ++it) {
            out.push_back(it->front());
            it->pop_front();
        }
        if (!m.empty() && m.front().empty()) break;
    }
    bool first = true;
    for (int x : out) {
        if (!first) cout << ' ';
        cout << x;
        first = false;
    }
    cout << endl;
}
