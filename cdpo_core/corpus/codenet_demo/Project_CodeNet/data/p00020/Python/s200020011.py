import sys
from math import gcd


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        a, b = map(int, line.split())
        g = gcd(a, b)
        print(g, a // g * b)


main()
