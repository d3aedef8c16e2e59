// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Everything the tests share: the seeded Rng (rng.h), random settings and their coverage
// (settings.h), failure descriptions (describe.h) and result comparison (compare.h).
#pragma once

#include "support/compare.h"
#include "support/describe.h"
#include "support/rng.h"
#include "support/settings.h"
#include "support/threads.h"
