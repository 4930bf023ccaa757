#include <iostream>
#include <cstring>
using namespace std;

#define MAXN 105
#define MAXW 10005

int N, W, V[MAXN], Wt[MAXN];
int table_[MAXN][MAXW];

int main()
{
    cin >> N >> W;
    for (int i = 1; i <= N; i++) cin >> V[i] >> Wt[i];
    memset(table_, 0, sizeof(table_));
    for (int i = 1; i <= N; i++)
        for (int c = 0; c <= W; c++)
            table_[i][c] = (c < Wt[i]) ? table_[i - 1][c]
                         : (table_[i - 1][c] > table_[i - 1][c - Wt[i]] + V[i]
                                ? table_[i - 1][c]
                                : table_[i - 1][c - Wt[i]] + V[i]);
    cout << table_[N][W] << "\n";
}
