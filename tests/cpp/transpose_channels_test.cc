// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// transpose_planes (kernels/transpose_channels.h), the copy between channels-last and
// channels-first data: every element lands where the definition dst[b][c][r] = src[b][r][c]
// says, for sizes around the 4 x 4 register blocks and the 16 x 64 tiles (tails on both
// axes, one row or one column, batches), on the tests' pool when they run threaded; and
// transpose_block, one block of a larger matrix, which leaves everything around it alone.
#include "kernels/transpose_channels.h"

#include <doctest/doctest.h>

#include <vector>

#include "support/test_support.h"

using namespace wasmconv;

TEST_CASE("transpose_planes puts every element where its definition says, at every tail") {
  const std::vector<int64_t> sizes = {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 33, 63, 64, 65, 130};
  ThreadPool* threads = test::test_pool();
  int checked = 0;
  for (int64_t rows : sizes) {
    for (int64_t cols : sizes) {
      for (int64_t batch : {1, 3}) {
        if (batch == 3 && rows * cols > 1000) continue;
        const int64_t plane = rows * cols;
        std::vector<float> src(static_cast<size_t>(batch * plane));
        // Distinct values: a misplaced element cannot match by accident.
        for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<float>(i) + 0.5f;
        std::vector<float> dst(src.size(), -1.0f);
        kernels::transpose_planes(src.data(), dst.data(), batch, rows, cols, threads);
        int64_t wrong = 0;
        for (int64_t b = 0; b < batch; ++b)
          for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = 0; c < cols; ++c)
              wrong += dst[static_cast<size_t>(b * plane + c * rows + r)] !=
                       src[static_cast<size_t>(b * plane + r * cols + c)];
        INFO("batch ", batch, ", rows ", rows, ", cols ", cols);
        CHECK(wrong == 0);
        ++checked;
      }
    }
  }
  CHECK(checked > 300);
}

TEST_CASE("transpose_planes twice is the identity, and an empty plane writes nothing") {
  ThreadPool* threads = test::test_pool();
  const int64_t batch = 2, rows = 37, cols = 70;
  std::vector<float> src(static_cast<size_t>(batch * rows * cols));
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<float>(i % 251) - 100.0f;
  std::vector<float> mid(src.size()), back(src.size());
  kernels::transpose_planes(src.data(), mid.data(), batch, rows, cols, threads);
  kernels::transpose_planes(mid.data(), back.data(), batch, cols, rows, threads);
  CHECK(test::bitwise_equal(back, src));
  float untouched = 7.0f;
  kernels::transpose_planes(src.data(), &untouched, 0, rows, cols, threads);
  kernels::transpose_planes(src.data(), &untouched, 1, 0, cols, threads);
  CHECK(untouched == 7.0f);
}

TEST_CASE("transpose_block writes its block of a larger matrix and nothing around it") {
  // A [rows x cols] block at (2, 3) of a source with rows of src_stride floats, into a
  // destination with rows of dst_stride floats at (1, 5): strides past the block's edges, as
  // Winograd's channels-last bands use it (pixels of C floats into rows of a padded band).
  const std::vector<int64_t> sizes = {1, 3, 4, 5, 8, 13, 40};
  int checked = 0;
  for (int64_t rows : sizes) {
    for (int64_t cols : sizes) {
      const int64_t src_stride = cols + 7, dst_stride = rows + 9;
      std::vector<float> src(static_cast<size_t>((rows + 4) * src_stride));
      for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<float>(i) + 0.25f;
      std::vector<float> dst(static_cast<size_t>((cols + 3) * dst_stride), -1.0f);
      const float* from = src.data() + 2 * src_stride + 3;
      float* to = dst.data() + dst_stride + 5;
      kernels::transpose_block(from, src_stride, to, dst_stride, rows, cols);
      int64_t wrong = 0;
      for (int64_t i = 0; i < static_cast<int64_t>(dst.size()); ++i) {
        const int64_t c = i / dst_stride - 1, r = i % dst_stride - 5;
        const bool inside = c >= 0 && c < cols && r >= 0 && r < rows;
        wrong += dst[static_cast<size_t>(i)] != (inside ? from[r * src_stride + c] : -1.0f);
      }
      INFO("rows ", rows, ", cols ", cols);
      CHECK(wrong == 0);
      ++checked;
    }
  }
  CHECK(checked == 49);
}
