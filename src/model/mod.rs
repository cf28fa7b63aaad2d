//! The models, written by hand in burn so that every step of attention can be read and shown.
//! No DOM here: this compiles and is tested natively.

pub mod attention;
pub mod block;
pub mod classifier;
pub mod init;
pub mod loss;
pub mod mask;
pub mod position;

pub use classifier::{Classifier, ClassifierConfig, ClassifierOutput};
pub use init::Init;
pub use loss::{cross_entropy, cross_entropy_sum, mean_squared_error, squared_error_sum};
pub use mask::Mask;
