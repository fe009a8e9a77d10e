// Runtime of the device emulation (see exmy_emu.h): the kernel registry, the launcher that Java
// calls through JNA with cuLaunchKernel's arguments, and block/warp synchronisation.
//
// A launch spawns one OS thread per thread of the block. Every thread walks the blocks of the
// grid in order; a barrier at the end of each block keeps them in step, so at any time exactly
// one block runs and `static` __shared__ storage belongs to it.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "exmy_emu.h"

namespace exmy_emu {

thread_local ThreadState t;

namespace {

// How long a launch may run before it is declared deadlocked (for example __syncthreads inside a
// branch that not every thread takes). Generous: sanitizer builds are slow.
const std::chrono::seconds kDeadlock(600);

// Process-lifetime state is allocated once and never destroyed: at JVM exit, destructors would run
// on whichever thread calls exit(), racing with nothing real but confusing ThreadSanitizer.
std::map<std::string, Entry>& registry() {
    static auto* r = new std::map<std::string, Entry>();
    return *r;
}

std::mutex& error_mutex_ref() {
    static auto* m = new std::mutex();
    return *m;
}
std::string& first_error_ref() {
    static auto* e = new std::string();
    return *e;
}
#define error_mutex error_mutex_ref()
#define first_error first_error_ref()

[[noreturn]] void deadlock() {
    std::fprintf(stderr, "exmy emulation: a launch did not finish within %lld s: a deadlock, most likely a "
                         "__syncthreads or warp primitive that not every live thread reaches\n",
                 (long long)kDeadlock.count());
    std::abort();
}

// A reusable barrier whose party can shrink: a thread that returns from the kernel leaves it,
// as an exited thread stops counting at a hardware barrier. Waiters sleep on the generation
// word (futex), and release/acquire on it orders everything before the barrier before
// everything after it — the happens-before edge ThreadSanitizer checks shared memory against.
class Barrier {
public:
    void reset(unsigned parties) {
        std::lock_guard<std::mutex> lock(m_);
        expected_ = parties;
        arrived_ = 0;
    }
    // The last thread to arrive runs `completion` (if any) before anyone is released.
    template <typename F = void (*)()>
    void arrive_and_wait(const char* /*where*/, F completion = nullptr) {
        uint32_t gen;
        {
            std::lock_guard<std::mutex> lock(m_);
            gen = generation_.load(std::memory_order_relaxed);
            if (++arrived_ >= expected_) {
                if constexpr (!std::is_same_v<F, void (*)()>) completion();
                release();
                return;
            }
        }
        while (generation_.load(std::memory_order_acquire) == gen) generation_.wait(gen, std::memory_order_acquire);
    }
    void leave() {
        std::lock_guard<std::mutex> lock(m_);
        --expected_;
        if (arrived_ > 0 && arrived_ >= expected_) release();
    }

private:
    void release() {  // with m_ held
        arrived_ = 0;
        generation_.fetch_add(1, std::memory_order_release);
        generation_.notify_all();
    }
    std::mutex m_;
    unsigned expected_ = 0, arrived_ = 0;
    std::atomic<uint32_t> generation_{0};
};

struct Warp {
    Barrier barrier;
    unsigned live = 0;  // lanes that have not returned from the kernel in this block
    uint64_t slots[32] = {};
    std::mutex live_mutex;
};

}  // namespace

struct Launch {
    Entry entry = nullptr;
    void** args = nullptr;
    dim3 grid, block;
    unsigned threads = 0;
    std::vector<Warp> warps;
    Barrier block_barrier;
    Barrier end_of_block;
    std::vector<unsigned char> dyn_smem;
    int counter = 0;  // __syncthreads_count accumulator
    std::mutex counter_mutex;
    int count_result = 0;

    explicit Launch(unsigned nthreads) : threads(nthreads), warps((nthreads + 31) / 32) {
        end_of_block.reset(nthreads);  // nobody leaves this one, so it is never reset again
    }

    unsigned warp_size(unsigned w) const { return std::min(32u, threads - 32u * w); }

    // Before each block (by the last thread to finish the previous one): every thread counts again, and dynamic shared memory is poisoned with
    // NaN bytes so that reading what no thread wrote shows up in the results.
    void begin_block() {
        block_barrier.reset(threads);
        for (unsigned w = 0; w < warps.size(); ++w) {
            const unsigned n = warp_size(w);
            warps[w].barrier.reset(n);
            warps[w].live = n == 32 ? 0xFFFFFFFFu : (1u << n) - 1u;
        }
        std::fill(dyn_smem.begin(), dyn_smem.end(), (unsigned char)0xFF);
    }
};

void report(const char* what) {
    std::lock_guard<std::mutex> lock(error_mutex);
    if (first_error.empty()) {
        char buf[512];
        std::snprintf(buf, sizeof buf, "%s (block (%u,%u,%u), thread (%u,%u,%u))", what, t.block_idx.x,
                      t.block_idx.y, t.block_idx.z, t.thread_idx.x, t.thread_idx.y, t.thread_idx.z);
        first_error = buf;
    }
}

void register_kernel(const char* name, Entry entry) { registry()[name] = entry; }

void syncthreads() { t.launch->block_barrier.arrive_and_wait("__syncthreads"); }

int syncthreads_count(int predicate) {
    Launch& L = *t.launch;
    {
        std::lock_guard<std::mutex> lock(L.counter_mutex);
        L.counter += predicate != 0;
    }
    L.block_barrier.arrive_and_wait("__syncthreads_count");
    {
        std::lock_guard<std::mutex> lock(L.counter_mutex);
        L.count_result = L.counter;
    }
    L.block_barrier.arrive_and_wait("__syncthreads_count");
    const int result = L.count_result;
    L.block_barrier.arrive_and_wait("__syncthreads_count");
    if (t.linear == 0) {
        std::lock_guard<std::mutex> lock(L.counter_mutex);
        L.counter = 0;
    }
    L.block_barrier.arrive_and_wait("__syncthreads_count");
    return result;
}

namespace {
Warp& my_warp() { return t.launch->warps[t.linear / 32]; }

void check_mask(Warp& w, unsigned mask, const char* what) {
    unsigned live;
    {
        std::lock_guard<std::mutex> lock(w.live_mutex);
        live = w.live;
    }
    if ((mask & live) != live) report((std::string(what) + ": mask leaves out live lanes of the warp "
                                      "(partial-warp participation is not emulated)").c_str());
}
}  // namespace

void syncwarp(unsigned mask) {
    Warp& w = my_warp();
    check_mask(w, mask, "__syncwarp");
    w.barrier.arrive_and_wait("__syncwarp");
}

uint64_t warp_exchange(unsigned mask, uint64_t value, int src_lane) {
    Warp& w = my_warp();
    check_mask(w, mask, "__shfl_sync");
    const unsigned lane = t.linear & 31u;
    w.slots[lane] = value;
    w.barrier.arrive_and_wait("__shfl_sync");
    uint64_t r = value;
    {
        std::lock_guard<std::mutex> lock(w.live_mutex);
        if (src_lane < 0 || src_lane > 31 || !((w.live >> src_lane) & 1u)) {
            report("__shfl_sync reads a lane that does not exist or has returned");
        } else {
            r = w.slots[src_lane];
        }
    }
    w.barrier.arrive_and_wait("__shfl_sync");
    return r;
}

unsigned warp_ballot(unsigned mask, int predicate) {
    Warp& w = my_warp();
    check_mask(w, mask, "__ballot_sync");
    const unsigned lane = t.linear & 31u;
    w.slots[lane] = predicate != 0;
    w.barrier.arrive_and_wait("__ballot_sync");
    unsigned bits = 0;
    {
        std::lock_guard<std::mutex> lock(w.live_mutex);
        for (unsigned l = 0; l < 32; ++l)
            if (((w.live >> l) & 1u) && w.slots[l]) bits |= 1u << l;
    }
    w.barrier.arrive_and_wait("__ballot_sync");
    return bits & mask;
}

void* dynamic_shared() { return t.launch->dyn_smem.empty() ? nullptr : t.launch->dyn_smem.data(); }

namespace {

void run_thread(Launch& L, unsigned linear) {
    const dim3 b = L.block, g = L.grid;
    t.thread_idx = {linear % b.x, (linear / b.x) % b.y, linear / (b.x * b.y)};
    t.block_dim = b;
    t.grid_dim = g;
    t.linear = linear;
    t.launch = &L;
    const uint64_t blocks = (uint64_t)g.x * g.y * g.z;
    Warp& w = L.warps[linear / 32];
    for (uint64_t blk = 0; blk < blocks; ++blk) {
        t.block_idx = {(unsigned)(blk % g.x), (unsigned)((blk / g.x) % g.y), (unsigned)(blk / ((uint64_t)g.x * g.y))};
        L.entry(L.args);
        // This thread has returned for this block: barriers stop waiting for it.
        {
            std::lock_guard<std::mutex> lock(w.live_mutex);
            w.live &= ~(1u << (linear & 31u));
        }
        w.barrier.leave();
        L.block_barrier.leave();
        L.end_of_block.arrive_and_wait("end of block", [&L] { L.begin_block(); });
    }
}

std::mutex& launch_mutex() {  // one launch at a time: static __shared__ storage is global
    static auto* m = new std::mutex();
    return *m;
}

// Worker threads kept across launches (creating hundreds of threads per launch dominated the
// cost of small kernels). Never destroyed: the threads are detached and idle at exit.
class Pool {
public:
    void run(Launch& L) {
        std::unique_lock<std::mutex> lock(m_);
        while (workers_ < L.threads) {
            std::thread(&Pool::loop, this, workers_++).detach();
        }
        current_ = &L;
        active_ = L.threads;
        finished_ = 0;
        ++generation_;
        work_.notify_all();
        if (!done_.wait_for(lock, kDeadlock, [&] { return finished_ == active_; })) deadlock();
        current_ = nullptr;
    }

private:
    void loop(unsigned id) {
        uint64_t seen = 0;
        for (;;) {
            Launch* L;
            {
                std::unique_lock<std::mutex> lock(m_);
                work_.wait(lock, [&] { return generation_ != seen && id < active_ && current_ != nullptr; });
                seen = generation_;
                L = current_;
            }
            run_thread(*L, id);
            std::lock_guard<std::mutex> lock(m_);
            if (++finished_ == active_) done_.notify_one();
        }
    }
    std::mutex m_;
    std::condition_variable work_, done_;
    unsigned workers_ = 0, active_ = 0, finished_ = 0;
    uint64_t generation_ = 0;
    Launch* current_ = nullptr;
};

Pool& pool() {
    static Pool* p = new Pool();
    return *p;
}

}  // namespace
}  // namespace exmy_emu

extern "C" {

int exmy_emu_abi_version() { return 1; }

// Launches a registered kernel as cuLaunchKernel would: args[i] points to the i-th argument.
// Returns 0, or -1 with exmy_emu_error() saying why.
int exmy_emu_launch(const char* name, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                    unsigned shared_bytes, void** args) {
    using namespace exmy_emu;
    std::lock_guard<std::mutex> serial(launch_mutex());
    {
        std::lock_guard<std::mutex> lock(error_mutex);
        first_error.clear();
    }
    auto it = registry().find(name);
    auto fail = [](const std::string& msg) {
        std::lock_guard<std::mutex> lock(error_mutex);
        first_error = msg;
        return -1;
    };
    if (it == registry().end()) return fail(std::string("no emulated kernel named ") + name);
    const uint64_t threads = (uint64_t)bx * by * bz;
    if (threads == 0 || threads > 1024 || bx > 1024 || by > 1024 || bz > 64)
        return fail("invalid block shape (at most 1024 threads; x, y <= 1024, z <= 64)");
    if (gx == 0 || gy == 0 || gz == 0 || gy > 65535 || gz > 65535)
        return fail("invalid grid shape (every extent >= 1; y, z <= 65535)");
    if (shared_bytes > 227 * 1024) return fail("dynamic shared memory above the 227 KiB of an sm_90 block");
    Launch L((unsigned)threads);
    L.entry = it->second;
    L.args = args;
    L.grid = dim3(gx, gy, gz);
    L.block = dim3(bx, by, bz);
    L.dyn_smem.assign(shared_bytes, (unsigned char)0xFF);
    L.begin_block();
    pool().run(L);
    std::lock_guard<std::mutex> lock(error_mutex);
    return first_error.empty() ? 0 : -1;
}

const char* exmy_emu_error() {
    std::lock_guard<std::mutex> lock(exmy_emu::error_mutex);
    return exmy_emu::first_error.c_str();
}

int exmy_emu_kernel_count() { return (int)exmy_emu::registry().size(); }

const char* exmy_emu_kernel_name(int i) {
    auto it = exmy_emu::registry().begin();
    std::advance(it, i);
    return it->first.c_str();
}

}  // extern "C"
