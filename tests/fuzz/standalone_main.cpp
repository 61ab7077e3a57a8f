// Runs a fuzz target without libFuzzer: every file in the folders given (the corpus, then the
// regression inputs; a missing folder is skipped), then deterministic mutations of them (bit
// flips, truncations, splices, random bytes). A smoke test for ctest; tools/fuzz.sh does the
// coverage-guided runs with clang.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::vector<std::vector<std::uint8_t>> seeds;
  for (int arg = 1; arg < argc; ++arg) {
    if (!std::filesystem::is_directory(argv[arg])) continue;
    for (const auto& entry : std::filesystem::directory_iterator(argv[arg])) {
      std::ifstream in(entry.path(), std::ios::binary);
      seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  if (seeds.empty()) seeds.emplace_back();
  for (const auto& s : seeds) LLVMFuzzerTestOneInput(s.data(), s.size());

  std::mt19937 rng(12345);
  constexpr int kMutations = 20000;
  for (int i = 0; i < kMutations; ++i) {
    std::vector<std::uint8_t> input = seeds[rng() % seeds.size()];
    switch (rng() % 5) {
      case 0:  // flip a few bits
        for (int k = 0; k < 4 && !input.empty(); ++k) input[rng() % input.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      case 1:  // truncate
        if (!input.empty()) input.resize(rng() % input.size());
        break;
      case 2:  // overwrite a byte with an interesting value
        if (!input.empty()) input[rng() % input.size()] = static_cast<std::uint8_t>((rng() % 2) ? 0xFF : 0x00);
        break;
      case 3: {  // splice two seeds
        const auto& other = seeds[rng() % seeds.size()];
        if (!other.empty()) input.insert(input.begin() + static_cast<long>(input.empty() ? 0 : rng() % input.size()),
                                         other.begin(), other.begin() + static_cast<long>(rng() % other.size()));
        break;
      }
      default:  // random bytes
        input.resize(rng() % 512);
        for (auto& b : input) b = static_cast<std::uint8_t>(rng());
        break;
    }
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  std::printf("fuzz smoke: %zu seeds and %d mutations ran without a crash\n", seeds.size(), kMutations);
  return 0;
}
