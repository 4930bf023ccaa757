#include <cstdio>
#include <cstdlib>

int main() {
    int S;
    if (scanf("%d", &S) != 1) return 1;
    std::div_t hm = std::div(S, 3600);
    std::div_t ms = std::div(hm.rem, 60);
    std::printf("%d:%d:%d\n", hm.quot, ms.quot, ms.rem);
    return 0;
}
