//! The global allocator: mimalloc, called the way the standard library calls the system
//! allocator.
//!
//! The `mimalloc` crate's own `GlobalAlloc` asks for every block with `mi_malloc_aligned`,
//! whatever its alignment. mimalloc serves that from its fast path only when a free block
//! of the size class happens to be aligned, and otherwise through its generic aligned
//! path; on the bench's page folder those paths were 1.3 % of all instructions
//! (callgrind, 300 pages: 3.471 G → 3.428 G instructions with this allocator). Here a
//! block whose alignment every `mi_malloc` block has (at most 16 bytes, and not more than
//! its size, as `std`'s `System` decides for `malloc`) comes from `mi_malloc`, and only
//! the rest from the aligned calls. mimalloc frees and reallocates either kind alike.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment every `mi_malloc` block of at least that size has: mimalloc's
/// `MI_MAX_ALIGN_SIZE` (16) on 64-bit targets; on others, `std`'s choice for `malloc` (8).
const MIN_ALIGN: usize = if cfg!(target_pointer_width = "64") { 16 } else { 8 };

/// Whether a block of `size` bytes with `align` needs no aligned call.
fn plain(align: usize, size: usize) -> bool {
    align <= MIN_ALIGN && align <= size
}

/// A block for `layout`: from `plain(size)` when mimalloc's plain blocks have the
/// alignment ([`plain`]), else from `aligned(size, align)`.
#[inline(always)]
unsafe fn block(
    layout: Layout,
    plain_call: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned_call: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: a size and a power-of-two alignment from a `Layout`, as both calls take.
    unsafe {
        if plain(layout.align(), layout.size()) {
            plain_call(layout.size()).cast()
        } else {
            aligned_call(layout.size(), layout.align()).cast()
        }
    }
}

pub struct MiMalloc;

// SAFETY: each method hands mimalloc what it documents: sizes and power-of-two
// alignments from a `Layout`, and only pointers that mimalloc returned.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe { block(layout, mi::mi_malloc, mi::mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe { block(layout, mi::mi_zalloc, mi::mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: see the impl.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if plain(layout.align(), new_size) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MiMalloc;
    use std::alloc::{GlobalAlloc, Layout};

    /// Blocks of every size class up to a few pages, at every alignment up to a page,
    /// come back aligned, keep their bytes through a reallocation, and are freed.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let a = MiMalloc;
        for align in [1usize, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1usize, 3, 8, 15, 16, 17, 24, 100, 1000, 4096, 20000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero size; the pointer is checked, written within its
                // size, reallocated and freed with its layout.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    for i in 0..size {
                        *p.add(i) = i as u8;
                    }
                    let q = a.realloc(p, layout, size * 3);
                    assert_eq!(q as usize % align, 0, "realloc size {size} align {align}");
                    assert!((0..size).all(|i| *q.add(i) == i as u8));
                    a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
