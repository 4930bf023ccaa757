from collections import deque
import sys


def main():
    data = sys.stdin.read().split()
    h, w = int(data[0]), int(data[1])
    grid = data[2:2 + h]
    start = goal = None
    for i, row in enumerate(grid):
        for j, ch in enumerate(row):
            if ch == 'S':
                start = (i, j)
            elif ch == 'G':
                goal = (i, j)
    dist = {start: 0}
    q = deque([start])
    while q:
        y, x = q.popleft()
        for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
            if 0 <= ny < h and 0 <= nx < w and grid[ny][nx] != '#' and (ny, nx) not in dist:
                dist[(ny, nx)] = dist[(y, x)] + 1
                q.append((ny, nx))
    print(dist.get(goal, -1))


main()
