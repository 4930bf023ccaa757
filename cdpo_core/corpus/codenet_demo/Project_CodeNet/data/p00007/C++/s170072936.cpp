#include <cstdio>
#include <cstring>
#include <cstdlib>

static char w[100000][24];

int cmp(const void* x, const void* y) {
    const char* a = (const char*)x;
    const char* b = (const char*)y;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb) return la < lb ? -1 : 1;
    return strcmp(a, b);
}

int main() {
    int n;
    scanf("%d", &n);
    for (int i = 0; i < n; i++) scanf("%s", w[i]);
    qsort(w, n, sizeof(w[0]), cmp);
    for (int i = 0; i < n; i++) puts(w[i]);
    return 0;
}
