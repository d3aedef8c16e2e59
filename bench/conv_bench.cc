// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_bench: times the C++ paths (fast kernels, the simple SIMD path, and optionally the
// reference) on the shapes of bench/shapes.txt (or a suite of bench/suites/), natively or compiled
// to wasm under Node. Prints median milliseconds and GFLOP/s (2 x dense multiply-accumulates /
// time). It is a kernel developer's tool; the benchmark against peers is bench/run.mjs.
//
//   conv_bench [shapes.txt] [--only ID,ID] [--reference] [--min-ms 300] [--threads N]
//              [--paired ROUNDS] [--cold MB]
//
// With --threads N (N > 1) the fast paths also run on a pool of N threads, timed in turn with
// the one-thread run, and the table adds the threaded time and the speed-up.
// With --paired ROUNDS the fast path (as a layer runs it) and the row path (conv_simd or
// conv_transpose_simd, scratch kept, as the planner ran it before a kernel took the shape)
// run call by call in turn, ROUNDS times after a warm-up, and the table adds the median of
// the per-round ratios row / fast: both calls see the same machine load, so the ratio holds
// on a loaded machine where the two medians of the columns before it may not.
// With --cold MB every timed call (and warm-up call) of the fast path follows, untimed, a write
// over MB megabytes of another buffer, so that the layer's weights and scratch come from memory
// as they do in a network, where the other layers' data passes through the caches between its
// calls (a 32 MB L3 here wants 64).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "kernels/fast_path.h"
#include "kernels/simd_path.h"
#include "wasmconv/conv.h"
#include "wasmconv/layer.h"

namespace {

constexpr char kUsage[] =
    "usage: conv_bench [shapes.txt] [--only ID,ID] [--reference] [--min-ms 300] [--threads N]\n"
    "                  [--paired ROUNDS] [--cold MB]\n";

struct Case {
  std::string id, line;
  wasmconv::ConvParams params;
  wasmconv::Shape x, w;
};

bool parse_case(const std::string& line, Case* c) {
  std::istringstream in(line);
  std::string op;
  if (!(in >> c->id >> op)) return false;
  int64_t ci = 1, h = 1, wd = 1, co = 1, k = 1, s = 1, p = 0, d = 1, g = 1, opad = 0;
  std::string tok;
  while (in >> tok) {
    const auto eq = tok.find('=');
    if (eq == std::string::npos) return false;
    const std::string key = tok.substr(0, eq), val = tok.substr(eq + 1);
    if (key == "in") {
      long long a = 0, b = 0, e = 0;
      if (std::sscanf(val.c_str(), "%lldx%lldx%lld", &a, &b, &e) != 3) return false;
      ci = a;
      h = b;
      wd = e;
    } else {
      const int64_t v = std::atol(val.c_str());
      if (key == "out")
        co = v;
      else if (key == "k")
        k = v;
      else if (key == "s")
        s = v;
      else if (key == "p")
        p = v;
      else if (key == "d")
        d = v;
      else if (key == "g")
        g = v;
      else if (key == "op")
        opad = v;
      else if (key == "count")
        continue;  // a suite's occurrences (bench/suites/)
      else
        return false;
    }
  }
  wasmconv::ConvParams& q = c->params;
  q.op = op == "convT" ? wasmconv::Op::kConvTranspose : wasmconv::Op::kConv;
  q.spatial_dims = 2;
  q.stride = {s, s, 1};
  q.dilation = {d, d, 1};
  q.pad_begin = q.pad_end = {p, p, 0};
  q.output_padding = {opad, opad, 0};
  q.groups = g;
  c->x = {1, ci, h, wd};
  c->w = q.op == wasmconv::Op::kConv ? wasmconv::Shape{co, ci / g, k, k}
                                     : wasmconv::Shape{ci, co / g, k, k};
  c->line = line;
  return true;
}

// `before` runs untimed ahead of every call of fn.
double median_ms(const std::function<void()>& fn, double min_ms,
                 const std::function<void()>& before = [] {}) {
  using clock = std::chrono::steady_clock;
  // Warm up (wasm tiers up on first calls), then time until min_ms has passed.
  const auto warm_end = clock::now() + std::chrono::milliseconds(static_cast<int>(min_ms / 2));
  do before(), fn();
  while (clock::now() < warm_end);
  std::vector<double> times;
  const auto end = clock::now() + std::chrono::milliseconds(static_cast<int>(min_ms));
  while (times.size() < 5 || (clock::now() < end && times.size() < 1000)) {
    before();
    const auto t0 = clock::now();
    fn();
    times.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = "bench/shapes.txt", only;
  bool with_reference = false;
  double min_ms = 300;
  int threads = 1;
  long paired = 0;
  long cold_mb = 0;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--only") && has_value) {
      only = argv[++i];
    } else if (!std::strcmp(argv[i], "--reference")) {
      with_reference = true;
    } else if (!std::strcmp(argv[i], "--min-ms") && has_value) {
      char* end = nullptr;
      min_ms = std::strtod(argv[++i], &end);
      if (*end != '\0' || !(min_ms >= 0)) {
        std::fprintf(stderr, "conv_bench: --min-ms must be a number >= 0, got %s\n", argv[i]);
        return 2;
      }
    } else if (!std::strcmp(argv[i], "--threads") && has_value) {
      char* end = nullptr;
      const long n = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || n < 1 || n > 256) {
        std::fprintf(stderr, "conv_bench: --threads must be an integer from 1 to 256, got %s\n",
                     argv[i]);
        return 2;
      }
      threads = static_cast<int>(n);
    } else if (!std::strcmp(argv[i], "--paired") && has_value) {
      char* end = nullptr;
      paired = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || paired < 1 || paired > 100000) {
        std::fprintf(stderr, "conv_bench: --paired must be an integer from 1 to 100000, got %s\n",
                     argv[i]);
        return 2;
      }
    } else if (!std::strcmp(argv[i], "--cold") && has_value) {
      char* end = nullptr;
      cold_mb = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || cold_mb < 1 || cold_mb > 1024) {
        std::fprintf(stderr, "conv_bench: --cold must be an integer from 1 to 1024, got %s\n",
                     argv[i]);
        return 2;
      }
    } else if (argv[i][0] == '-') {
      std::fprintf(stderr, "conv_bench: unknown option or missing value: %s\n%s", argv[i], kUsage);
      return 2;
    } else {
      path = argv[i];
    }
  }
  std::ifstream file(path);
  if (!file) {
    std::fprintf(stderr, "conv_bench: cannot read %s\n", path.c_str());
    return 2;
  }
  // Every line is parsed, and every --only id found, before anything is timed.
  std::vector<Case> cases;
  std::vector<std::string> ids;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    Case c;
    if (!parse_case(line, &c)) {
      std::fprintf(stderr, "conv_bench: bad line: %s\n", line.c_str());
      return 2;
    }
    ids.push_back(c.id);
    if (!only.empty() && ("," + only + ",").find("," + c.id + ",") == std::string::npos) continue;
    cases.push_back(c);
  }
  std::istringstream wanted(only);
  for (std::string id; std::getline(wanted, id, ',');) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      std::fprintf(stderr, "conv_bench: --only names %s, not in %s\n", id.c_str(), path.c_str());
      return 2;
    }
  }
  std::vector<float> evict(static_cast<size_t>(cold_mb) * (1 << 20) / sizeof(float));
  float evict_value = 0;
  const std::function<void()> cool = [&] {
    if (!evict.empty()) std::fill(evict.begin(), evict.end(), evict_value += 1.0f);
  };
  std::unique_ptr<wasmconv::ThreadPool> pool;
  if (threads > 1) pool = std::make_unique<wasmconv::ThreadPool>(threads);
  std::printf("arch %s, %d thread%s%s\n%-4s %-9s %10s %10s %10s %10s %s", wasmconv::simd_arch_name(),
              threads, threads > 1 ? "s" : "", cold_mb > 0 ? ", fast path on cold caches" : "", "id", "kernel", "fast ms", "fast GF/s", "simd GF/s",
              "ref GF/s", "max rel err");
  if (paired > 0) std::printf(" %11s %s", "row/fast", "kernel");
  if (pool) std::printf(" %10s %8s %s", "N-thr ms", "speed-up", "N-thr err");
  std::printf("\n");
  for (const Case& c : cases) {
    wasmconv::ConvGeometry g;
    const wasmconv::Status st = wasmconv::plan_conv(c.params, c.x, c.w, -1, &g);
    if (!st.ok()) {
      std::fprintf(stderr, "%s: %s\n", c.id.c_str(), st.message().c_str());
      return 2;
    }
    std::vector<float> x(static_cast<size_t>(g.input_size())),
        w(static_cast<size_t>(g.weight_size()));
    uint32_t s = 12345;
    auto rnd = [&s]() {
      s = s * 1664525u + 1013904223u;
      return static_cast<float>(s >> 8) / 16777216.0f - 0.5f;
    };
    for (float& v : x) v = rnd();
    for (float& v : w) v = rnd();
    std::vector<float> y_fast(static_cast<size_t>(g.output_size())), y_ref(y_fast.size()),
        y_simd(y_fast.size());
    const double flops = 2.0 * static_cast<double>(g.macs());
    auto run = [&](wasmconv::Backend b, std::vector<float>& y) {
      (void)wasmconv::run_conv(g, x.data(), w.data(), nullptr, y.data(), b);
    };
    // The fast paths as a layer runs them: weights packed once, scratch kept between runs.
    wasmconv::ConvLayer layer;
    if (const wasmconv::Status ls = layer.init(c.params, c.w, w.data(), nullptr, -1); !ls.ok()) {
      std::fprintf(stderr, "%s: %s\n", c.id.c_str(), ls.message().c_str());
      return 2;
    }
    const double fast =
        median_ms([&] { (void)layer.run(g, x.data(), y_fast.data()); }, min_ms, cool);
    const double simd = median_ms([&] { run(wasmconv::Backend::kSimd, y_simd); }, min_ms);
    double ref = NAN;
    if (with_reference)
      ref = median_ms([&] { run(wasmconv::Backend::kReference, y_ref); }, 0);
    else
      run(wasmconv::Backend::kReference, y_ref);
    double scale = 1, err = 0;
    for (float v : y_ref) scale = std::max(scale, static_cast<double>(std::fabs(v)));
    for (size_t i = 0; i < y_ref.size(); ++i)
      err = std::max(err, std::fabs(static_cast<double>(y_ref[i]) - y_fast[i]) / scale);
    std::printf("%-4s %-9s %10.3f %10.2f %10.2f %10.2f %.2e", c.id.c_str(),
                c.params.op == wasmconv::Op::kConv ? "conv" : "convT", fast, flops / fast / 1e6,
                flops / simd / 1e6, flops / ref / 1e6, err);
    if (paired > 0) {
      wasmconv::kernels::Workspaces row_ws;
      auto row = [&] {
        if (g.op == wasmconv::Op::kConv) {
          (void)wasmconv::kernels::conv_simd(g, x.data(), w.data(), nullptr, y_simd.data(),
                                             &row_ws);
        } else {
          (void)wasmconv::kernels::conv_transpose_simd(g, x.data(), w.data(), nullptr,
                                                       y_simd.data(), &row_ws);
        }
      };
      auto once = [](const std::function<void()>& fn) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      };
      const std::function<void()> fast_call = [&] { (void)layer.run(g, x.data(), y_fast.data()); };
      for (int warm = 0; warm < 3; ++warm) once(row), once(fast_call);
      std::vector<double> ratios;
      for (long round = 0; round < paired; ++round) {
        const double t_fast = once(fast_call);
        ratios.push_back(once(row) / t_fast);
      }
      std::sort(ratios.begin(), ratios.end());
      std::printf(" %10.2fx %s", ratios[ratios.size() / 2],
                  wasmconv::kernels::fast_kernel_name(wasmconv::kernels::choose_fast_kernel(g)));
    }
    std::printf("\n");
    if (pool) {
      // One thread and N threads in turn, so that both see the same machine load.
      std::vector<float> y_pool(y_fast.size());
      double one = 0, many = 0;
      std::vector<double> ones, manys;
      for (int round = 0; round < 5; ++round) {
        ones.push_back(median_ms([&] { (void)layer.run(g, x.data(), y_fast.data()); }, min_ms / 5));
        manys.push_back(median_ms([&] { (void)layer.run(g, x.data(), y_pool.data(), pool.get()); },
                                  min_ms / 5));
      }
      std::sort(ones.begin(), ones.end());
      std::sort(manys.begin(), manys.end());
      one = ones[2];
      many = manys[2];
      const bool same =
          std::memcmp(y_pool.data(), y_fast.data(), y_fast.size() * sizeof(float)) == 0;
      std::printf("%-4s %-9s %10s %10s %10s %10s %9s %10.3f %7.2fx %s\n", "", "", "", "", "", "",
                  "", many, one / many, same ? "bitwise equal" : "DIFFERS");
    }
  }
  return 0;
}
