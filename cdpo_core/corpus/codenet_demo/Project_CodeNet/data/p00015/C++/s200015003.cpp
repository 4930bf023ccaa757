#include <iostream>
#include <vector>
using namespace std;

struct Item {
    int value, weight;
};

class Knapsack {
public:
    explicit Knapsack(int capacity) : cap_(capacity) {}
    void add(const Item &it) { items_.push_back(it); }
    int solve() const {
        vector<int> table(cap_ + 1, 0);
        for (const Item &it : items_)
            for (int c = cap_; c >= it.weight; --c)
                if (table[c - it.weight] + it.value > table[c])
                    table[c] = table[c - it.weight] + it.value;
        return table[cap_];
    }

private:
    int cap_;
    vector<Item> items_;
};

int main() {
    int n, w;
    cin >> n >> w;
    Knapsack ks(w);
    while (n--) {
        Item it;
        cin >> it.value >> it.weight;
        ks.add(it);
    }
    cout << ks.solve() << '\n';
    return 0;
}
