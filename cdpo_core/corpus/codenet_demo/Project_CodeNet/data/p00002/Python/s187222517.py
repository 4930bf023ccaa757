def convert(total):
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return h, m, s


def main():
    S = int(input())
    h, m, s = convert(S)
    print(f"{h}:{m}:{s}")


main()
