#include <cstdio>

int main() {
    // sum fits easily, product needs 64 bits
    long long a, b;

    scanf("%lld %lld", &a, &b);
    cout << a + b << " " << a * b << endl;
    return 0;
}
