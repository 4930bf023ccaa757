#include <iostream>

int main() {
  int total;
  std::cin >> total;
  int seconds = total % 60;
  total /= 60;
  int minutes = total % 60;
  total /= 60;
  std::cout << total << ':' << minutes << ':' << seconds << std::endl;
}
