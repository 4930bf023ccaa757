import sys

MOD = 10**9 + 7


def main():
    data = sys.stdin.buffer.read().split()
    q = int(data[0])
    fact = [1] * 2001
    for i in range(1, 2001):
        fact[i] = fact[i - 1] * i % MOD
    out = []
    for k in range(q):
        n, r = int(data[1 + 2 * k]), int(data[2 + 2 * k])
        if r > n:
            out.append(0)
        else:
            out.append(fact[n] * pow(fact[r] * fact[n - r] % MOD, MOD - 2, MOD) % MOD)
    print("\n".join(map(str, out)))


main()
