import sys


def solve(a, b):
    return a + b, a * b


def main():
    a, b = map(int, sys.stdin.readline().split())
    s, p = solve(a, b)
    print(s, p)


if __name__ == "__main__":
    main()
