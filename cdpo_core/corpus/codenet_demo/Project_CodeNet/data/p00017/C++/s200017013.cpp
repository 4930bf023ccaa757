#include <iostream>
#include <string>
#include <vector>
#include <algorithm>

class LongestCommonSubsequence {
public:
    LongestCommonSubsequence(const std::string &a, const std::string &b) : a_(a), b_(b) {}

    int length() const {
        std::vector<std::vector<int>> t(a_.size() + 1, std::vector<int>(b_.size() + 1));
        for (std::size_t i = a_.size(); i-- > 0;)
            for (std::size_t j = b_.size(); j-- > 0;)
                t[i][j] = a_[i] == b_[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
        return t[0][0];
    }

private:
    std::string a_, b_;
};

int main() {
    std::string a, b;
    std::getline(std::cin, a);
    std::getline(std::cin, b);
    std::cout << LongestCommonSubsequence(a, b).length() << std::endl;
    return 0;
}
