#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <vector>

class Polygon {
public:
    void add(long long x, long long y) { pts_.push_back({x, y}); }

    // twice the signed area; positive for counter-clockwise vertices
    long long doubledSignedArea() const {
        long long s = 0;
        const std::size_t n = pts_.size();
        for (std::size_t i = 0; i < n; ++i) {
            const Vertex &a = pts_[i];
            const Vertex &b = pts_[(i + 1) % n];
            s += a.x * b.y - b.x * a.y;
        }
        return s;
    }

    double area() const { return std::llabs(doubledSignedArea()) / 2.0; }

private:
    struct Vertex {
        long long x, y;
    };
    std::vector<Vertex> pts_;
};

int main() {
    int n;
    std::cin >> n;
    Polygon poly;
    for (int i = 0; i < n; ++i) {
        long long x, y;
        std::cin >> x >> y;
        poly.add(x, y);
    }
    std::cout << std::fixed << std::setprecision(1) << poly.area() << std::endl;
    return 0;
}
