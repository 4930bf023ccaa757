import sys


def balanced(s):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for c in s:
        if c in "([{":
            stack.append(c)
        elif not stack or stack.pop() != pairs[c]:
            return False
    return not stack


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    out = ["YES" if balanced(s) else "NO" for s in data[1:1 + n]]
    print("\n".join(out))


main()
