#include <iostream>
#include <vector>
#include <algorithm>
using namespace std;

class Scheduler {
public:
    void add(int s, int t) { items_.push_back({t, s}); }
    int maxActivities() {
        sort(items_.begin(), items_.end());
        int count = 0;
        int lastEnd = 0;
        for (size_t i = 0; i < items_.size(); ++i) {
            if (items_[i].second < lastEnd) continue;
            lastEnd = items_[i].first;
            ++count;
        }
        return count;
    }
private:
    vector<pair<int, int>> items_;
};

int main() {
    int n;
    cin >> n;
    Scheduler sch;
    while (n--) {
        int s, t;
        cin >> s >> t;
        sch.add(s, t);
    }
    cout << sch.maxActivities() << endl;
}
