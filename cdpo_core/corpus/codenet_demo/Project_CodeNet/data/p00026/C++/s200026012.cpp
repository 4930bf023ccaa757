#include <iostream>
#include <stack>
#include <string>
#include <stdexcept>

class RpnCalculator {
public:
    void feed(const std::string &token) {
        if (isOperator(token)) {
            long long rhs = take();
            long long lhs = take();
            values_.push(apply(token[0], lhs, rhs));
        } else {
            values_.push(std::stoll(token));
        }
    }
    long long result() const { return values_.top(); }

private:
    static bool isOperator(const std::string &t) {
        return t == "+" || t == "-" || t == "*";
    }
    static long long apply(char op, long long a, long long b) {
        if (op == '+') return a + b;
        if (op == '-') return a - b;
        return a * b;
    }
    long long take() {
        long long v = values_.top();
        values_.pop();
        return v;
    }
    std::stack<long long> values_;
};

int main() {
    RpnCalculator calc;
    std::string token;
    while (std::cin >> token) calc.feed(token);
    std::cout << calc.result() << std::endl;
    return 0;
}
