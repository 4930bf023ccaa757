#include <iostream>
using namespace std;

class Calculator {
public:
	Calculator(long long a, long long b) : a_(a), b_(b) {}
	long long add() const { return a_ + b_; }
	long long mul() const { return a_ * b_; }
private:
	long long a_;
	long long b_;
};

int main() {
	long long a, b;
	cin >> a >> b;
	Calculator c(a, b);
	cout << c.add() << " " << c.mul() << endl;
	return 0;
}
