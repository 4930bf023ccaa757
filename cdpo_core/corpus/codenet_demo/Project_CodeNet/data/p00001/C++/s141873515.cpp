#include <bits/stdc++.h>

int main() {
    auto read = []() {
        long long v;
        std::scanf("%lld", &v);
        return v;
    };
    auto a = read();
    auto b = read();
    auto show = [](long long v, char end) { std::printf("%lld%c", v, end); };
    show(a + b, ' ');
    show(a * b, '\n');
}
