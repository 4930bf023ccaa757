#include <iostream>
#include <stack>
#include <string>

class BracketChecker {
public:
    static bool isBalanced(const std::string &text) {
        std::stack<char> pending;
        for (char c : text) {
            if (isOpening(c)) {
                pending.push(c);
            } else if (pending.empty() || !matches(pending.top(), c)) {
                return false;
            } else {
                pending.pop();
            }
        }
        return pending.empty();
    }

private:
    static bool isOpening(char c) { return c == '(' || c == '[' || c == '{'; }
    static bool matches(char open, char close) {
        return (open == '(' && close == ')') || (open == '[' && close == ']') ||
               (open == '{' && close == '}');
    }
};

int main() {
    int n;
    std::cin >> n;
    std::string line;
    while (n-- > 0 && std::cin >> line) {
        std::cout << (BracketChecker::isBalanced(line) ? "YES" : "NO") << std::endl;
    }
    return 0;
}
