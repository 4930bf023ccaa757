#include <iostream>
#include <vector>
using namespace std;

int main() {
    int S;
    cin >> S;
    // peel off units from the smallest upwards
    vector<int> parts;
    int base[] = {60, 60};
    for (int b : base) {
        parts.push_back(S % b);
        S /= b;
    }
    parts.push_back(S);
    cout << parts[2] << ":" << parts[1] << ":" << parts[0] << endl;
    return 0;
}
