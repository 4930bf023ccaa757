MOD = 10**9 + 7


def power(base, exp):
    result = 1
    base %= MOD
    while exp:
        if exp & 1:
            result = result * base % MOD
        base = base * base % MOD
        exp >>= 1
    return result


m, n = map(int, input().split())
print(power(m, n))
