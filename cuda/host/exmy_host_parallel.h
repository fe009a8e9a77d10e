// Work splitting shared by the host library's loops. Results never depend on the split: each
// element (or output tile) is computed by exactly one thread, in the same order as alone.
#pragma once
#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace exmy_host {

// Runs body(begin, end) over [0, n) in contiguous chunks of at least min_chunk on up to
// `threads` threads.
template <typename Body>
void parallel_for(int64_t n, int threads, Body body, int64_t min_chunk = 1 << 16) {
    int t = std::max(1, std::min<int>(threads, (int)((n + min_chunk - 1) / min_chunk)));
    if (t == 1) {
        body((int64_t)0, n);
        return;
    }
    std::vector<std::thread> pool;
    const int64_t chunk = (n + t - 1) / t;
    for (int i = 0; i < t; ++i) {
        const int64_t b = i * chunk, e = std::min(n, b + chunk);
        if (b < e) pool.emplace_back([=] { body(b, e); });
    }
    for (auto& th : pool) th.join();
}

}  // namespace exmy_host
