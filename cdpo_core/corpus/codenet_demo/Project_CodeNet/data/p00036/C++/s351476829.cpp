#include <iostream>
#include <vector>
using namespace std;

// shoelace in the form  2A = sum x_i * (y_{i+1} - y_{i-1})
int main()
{
    int n;
    cin >> n;
    vector<long long> x(n), y(n);
    for (int i = 0; i < n; i++)
        cin >> x[i] >> y[i];
    long long twice = 0;
    for (int i = 0; i < n; i++)
    {
        long long next = y[(i + 1) % n];
        long long prev = y[(i + n - 1) % n];
        twice += x[i] * (next - prev);
    }
    if (twice < 0)
        twice = -twice;
    cout << twice / 2 << "." << (twice % 2) * 5 << endl;
    return 0;
}
