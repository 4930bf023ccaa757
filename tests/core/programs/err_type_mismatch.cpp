#include <string>

int main() {
    std::string s = "abc";
    int n = s;
    return n;
}
