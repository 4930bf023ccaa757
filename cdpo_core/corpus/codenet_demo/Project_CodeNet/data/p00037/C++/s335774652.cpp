#include <bits/stdc++.h>
using namespace std;
using Matrix = vector<vector<int>>;

// rotate counter-clockwise so that the right column becomes the top row
Matrix rotateLeft(const Matrix &m) {
    int h = m.size(), w = m[0].size();
    Matrix r(w, vector<int>(h));
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) r[w - 1 - j][i] = m[i][j];
    return r;
}

int main() {
    int h, w;
    cin >> h >> w;
    Matrix m(h, vector<int>(w));
    for (auto &row : m)
        for (int &x : row) cin >> x;
    vector<int> out;
    while (!m.empty()) {
        out.insert(out.end(), m[0].begin(), m[0].end());
        m.erase(m.begin());
        if (!m.empty()) m = rotateLeft(m);
    }
    for (size_t i = 0; i < out.size(); i++) cout << (i ? " " : "") << out[i];
    cout << endl;
}
