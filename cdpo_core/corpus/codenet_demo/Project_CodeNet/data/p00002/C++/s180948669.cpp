#include <cstdio>

int main() {
    int S;
    // print like a digital clock
    scanf("%d", &S);

    printf("%02d:%02d:%02d\n", S / 3600, S / 60 % 60, S % 60);
    return 0;
}
