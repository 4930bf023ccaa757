#include <iostream>
#include <sstream>
#include <string>
#include <functional>

int main()
{
	std::string line;
	std::function<long long(long long, long long)> g = [&g](long long x, long long y) {
		return y == 0 ? x : g(y, x % y);
	};
	while (std::getline(std::cin, line))
	{
		std::istringstream in(line);
		long long a, b;
		if (!(in >> a >> b))
			continue;
		long long d = g(a, b);
		std::cout << d << " " << a / d * b << std::endl;
	}
	return 0;
}
