#include <bits/stdc++.h>
using namespace std;

int solve(int n) { return n * n; }
