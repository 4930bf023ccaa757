#include <iostream>
#include <vector>

int main() {
    int n, k;
    std::cin >> n >> k;
    std::vector<int> people;
    for (int i = 1; i <= n; ++i) people.push_back(i);
    int pos = 0;
    while (people.size() > 1) {
        pos = (pos + k - 1) % static_cast<int>(people.size());
        people.erase(people.begin() + pos);
    }
    std::cout << people[0] << '\n';
}
