/* ag-ppocr-allocator.cpp — OpenCV's matrices in huge pages
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The first run of a network sets it up: OpenCV allocates every layer's
 * output and packs the weights, tens of megabytes of fresh memory.  Each
 * 4 kB page of it costs a fault when first written, and in a virtual
 * machine a fault is dearer than the zeroing it does: the detector's
 * first run on a 704 × 960 photo took 550–780 ms where later runs take
 * 180–270 ms.  With the matrices of 1 MB or more in transparent huge
 * pages (one fault for 2 MB), the first run takes 200–260 ms, no longer
 * than the others, for 13 MB more resident memory (docs/speed.md, "The
 * first run of a network").
 *
 * The allocator is OpenCV's standard one (modules/core/src/matrix.cpp)
 * but for where large blocks come from: mapped on their own, aligned to
 * 2 MB and marked MADV_HUGEPAGE, which asks for huge pages where the
 * system's setting is "madvise" (Debian's default) and is harmless where
 * it is "always" or "never".  It is the default allocator of the process
 * that loads the module; matrices made before keep the allocator that
 * made them.
 */

#include "config.h"

#include "recognize/ppocr/ag-ppocr-allocator-private.h"

#include <cstdint>
#include <mutex>
#include <new>
#include <sys/mman.h>

#include <opencv2/core.hpp>

#define HUGE_PAGE  ((size_t) 2 << 20)
#define HUGE_FROM  ((size_t) 1 << 20)  /* smaller blocks come from malloc */

/* UMatData::allocatorFlags_ of a block mapped here */
#define MAPPED 1

namespace {

size_t
round_up (size_t size)
{
  return (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/* @size bytes (a multiple of HUGE_PAGE) at a 2 MB boundary, or nullptr */
void *
map_aligned (size_t size)
{
  char *p = (char *) mmap (nullptr, size + HUGE_PAGE, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *start;
  size_t before, after;

  if (p == MAP_FAILED)
    return nullptr;

  start = (char *) (((uintptr_t) p + HUGE_PAGE - 1) & ~(uintptr_t) (HUGE_PAGE - 1));
  before = (size_t) (start - p);
  after = HUGE_PAGE - before;
  if (before > 0)
    munmap (p, before);
  if (after > 0)
    munmap (start + size, after);
  madvise (start, size, MADV_HUGEPAGE);

  return start;
}

class HugePageAllocator : public cv::MatAllocator
{
public:
  cv::UMatData *
  allocate (int              dims,
            const int       *sizes,
            int              type,
            void            *data0,
            size_t          *step,
            cv::AccessFlag,
            cv::UMatUsageFlags) const override
  {
    size_t total = CV_ELEM_SIZE (type);
    cv::UMatData *u;
    uchar *data = nullptr;
    int flags = 0;

    for (int i = dims - 1; i >= 0; i--)
      {
        if (step != nullptr)
          {
            if (data0 != nullptr && step[i] != cv::Mat::AUTO_STEP)
              {
                CV_Assert (total <= step[i]);
                total = step[i];
              }
            else
              step[i] = total;
          }
        total *= sizes[i];
      }

    if (data0 != nullptr)
      data = (uchar *) data0;
    else if (total >= HUGE_FROM && (data = (uchar *) map_aligned (round_up (total))) != nullptr)
      flags = MAPPED;
    else
      data = (uchar *) cv::fastMalloc (total);

    u = new cv::UMatData (this);
    u->data = u->origdata = data;
    u->size = total;
    u->allocatorFlags_ = flags;
    if (data0 != nullptr)
      u->flags |= cv::UMatData::USER_ALLOCATED;

    return u;
  }

  bool
  allocate (cv::UMatData *u,
            cv::AccessFlag,
            cv::UMatUsageFlags) const override
  {
    return u != nullptr;
  }

  void
  deallocate (cv::UMatData *u) const override
  {
    if (u == nullptr)
      return;

    CV_Assert (u->urefcount == 0);
    CV_Assert (u->refcount == 0);
    if (!(u->flags & cv::UMatData::USER_ALLOCATED))
      {
        if (u->allocatorFlags_ == MAPPED)
          munmap (u->origdata, round_up (u->size));
        else
          cv::fastFree (u->origdata);
        u->origdata = nullptr;
      }
    delete u;
  }
};

}  /* namespace */

/**
 * _ag_ppocr_use_huge_pages:
 *
 * Makes large matrices come from huge pages from now on (see above).
 * Called when the module makes its first recogniser; later calls do
 * nothing.
 */
void
_ag_ppocr_use_huge_pages (void)
{
  static std::once_flag once;

  std::call_once (once, [] {
    /* Never freed: matrices made with it may outlive any owner. */
    cv::Mat::setDefaultAllocator (new HugePageAllocator ());
  });
}
