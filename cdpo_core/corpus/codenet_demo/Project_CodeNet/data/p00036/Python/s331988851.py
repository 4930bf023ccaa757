n = int(input())
pts = [tuple(map(int, input().split())) for _ in range(n)]
s = 0
for i in range(n):
    x1, y1 = pts[i]
    x2, y2 = pts[(i + 1) % n]
    s += x1 * y2 - x2 * y1
s = abs(s)
print("%d.%d" % (s // 2, 5 * (s % 2)))
