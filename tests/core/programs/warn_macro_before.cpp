#define LOCAL_DEBUG 1
#include <bits/stdc++.h>
using namespace std;

int main() {
    long long x = 3;
    printf("%d\n", x);
}
