// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Transform matrices of the Winograd minimal-filtering algorithms F(m x m, 3 x 3)
// (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", arXiv 1509.09308).
// With tile size a = m + 2, an m x m block of a 3x3 correlation is
//
//   Y = A^T [ (G g G^T) (.) (B^T d B) ] A
//
// for the a x a input patch d, the 3x3 kernel g and the element-wise product (.). The
// product costs a^2 multiplications instead of 9 m^2: 16 vs 36 for m = 2, 36 vs 144 for
// m = 4. The interpolation points are 0, +-1 (m = 2) and 0, +-1, +-2 (m = 4) plus infinity.
#pragma once

namespace wasmconv::kernels {

template <int M>
struct Winograd;

template <>
struct Winograd<2> {
  static constexpr int kAlpha = 4;
  static constexpr float kBT[4][4] = {
      {1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
  static constexpr float kG[4][3] = {
      {1, 0, 0}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0, 0, 1}};
  static constexpr float kAT[2][4] = {{1, 1, 1, 0}, {0, 1, -1, -1}};
};

template <>
struct Winograd<4> {
  static constexpr int kAlpha = 6;
  static constexpr float kBT[6][6] = {
      {4, 0, -5, 0, 1, 0},  {0, -4, -4, 1, 1, 0}, {0, 4, -4, -1, 1, 0},
      {0, -2, -1, 2, 1, 0}, {0, 2, -1, -2, 1, 0}, {0, 4, 0, -5, 0, 1}};
  static constexpr float kG[6][3] = {
      {1.0f / 4, 0, 0},
      {-1.0f / 6, -1.0f / 6, -1.0f / 6},
      {-1.0f / 6, 1.0f / 6, -1.0f / 6},
      {1.0f / 24, 1.0f / 12, 1.0f / 6},
      {1.0f / 24, -1.0f / 12, 1.0f / 6},
      {0, 0, 1}};
  static constexpr float kAT[4][6] = {
      {1, 1, 1, 1, 1, 0}, {0, 1, -1, 2, -2, 0}, {0, 1, 1, 4, 4, 0}, {0, 1, -1, 8, -8, 1}};
};

}  // namespace wasmconv::kernels
