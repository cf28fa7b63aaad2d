//! What the WebGPU kernels of our own share: a fresh output tensor, the launch grid, the address
//! width and the number type. Each kernel sits in the file of the block it computes (softmax,
//! LayerNorm, GELU, Adam); each replaces a chain of burn's operations, every one of them a kernel
//! launch and a buffer, with one launch.

use burn::backend::TensorMetadata;
use burn::tensor::Shape;
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::ops::numeric::empty_device_contiguous_dtype;
use burn_cubecl::tensor::CubeTensor;
use cubecl::calculate_cube_count_elemwise;
use cubecl::ir::{AddressType, ElemType, FloatKind};
use cubecl::prelude::{CubeCount, CubeDim};

/// The number type the kernels are compiled for (the callers fall back to burn's operations for
/// any other).
pub const F32: ElemType = ElemType::Float(FloatKind::F32);

/// The tensor with its elements in row-major order, as the kernels index them.
pub fn rows(tensor: CubeTensor) -> CubeTensor {
    into_contiguous(tensor)
}

/// A new contiguous tensor of `shape` on `like`'s device, with its number type.
pub fn fresh(like: &CubeTensor, shape: Shape) -> CubeTensor {
    empty_device_contiguous_dtype(like.client.clone(), like.device.clone(), shape, like.dtype)
}

/// `like`'s shape with the last axis 1: one value per row.
pub fn per_row(like: &CubeTensor) -> Shape {
    let mut dims = like.shape().to_vec();
    if let Some(last) = dims.last_mut() {
        *last = 1;
    }
    Shape::from(dims)
}

/// The length of `tensor`'s last axis (at least 1) and its number of rows.
pub fn width_and_rows(tensor: &CubeTensor) -> (usize, usize) {
    let shape = tensor.shape();
    let width = shape.to_vec().last().copied().unwrap_or(1).max(1);
    (width, shape.num_elements() / width)
}

/// Threads per workgroup, the same for every launch. The workgroup's size is compiled into the
/// shader, so a size chosen per tensor (as burn's element-wise kernels choose it) compiles a kernel
/// once per size, and compiling is what a fresh page waits for most on WebGPU.
const THREADS: u32 = 64;

/// The grid that runs `units` threads, one per unit of work.
pub fn grid(like: &CubeTensor, units: usize) -> (CubeCount, CubeDim) {
    let cube_dim = CubeDim::new_1d(THREADS);
    (calculate_cube_count_elemwise(&like.client, units, cube_dim), cube_dim)
}

/// The widest address that indexing any of `tensors` needs.
pub fn address(tensors: &[&CubeTensor]) -> AddressType {
    tensors.iter().map(|t| t.required_address_type()).max().unwrap_or_default()
}
