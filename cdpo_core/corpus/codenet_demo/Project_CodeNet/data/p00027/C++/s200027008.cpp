// Walk all submasks of the full mask with sub = (sub - 1) & full.
#include <iostream>
#include <vector>

int main()
{
	int n;
	long long target;
	std::cin >> n >> target;
	std::vector<long long> a(n);
	for (auto &x : a)
		std::cin >> x;
	const unsigned full = (1u << n) - 1;
	long long count = 0;
	unsigned sub = full;
	while (true)
	{
		long long total = 0;
		for (unsigned rest = sub; rest; rest &= rest - 1)
			total += a[__builtin_ctz(rest)];
		if (total == target)
			++count;
		if (sub == 0)
			break;
		sub = (sub - 1) & full;
	}
	std::cout << count << std::endl;
	return 0;
}
