//! The native benchmark: `bench-tiny` and `bench-small` (see `bench`) on burn's CPU backend, as the
//! peer programs run them (20 warm-up steps, then 200 timed ones, the loss read every step). One
//! JSON line per workload, in the peers' format, so that one script can tabulate them all.
//!
//! `cargo run --release --bin bench -- [--models tiny,small] [--steps 200] [--warmup 20] [--threads 1]`.
//! burn's CPU backend runs each op on one thread. With its `rayon` feature on (each op split
//! between threads), bench-small ran slower (37 steps/s on two threads, 32 on one, against 50
//! without rayon) and bench-tiny no faster: handing each small op to a worker thread costs more
//! than the split saves. `--threads N` splits each batch instead: N threads each run the forward
//! and backward pass of their rows, and one Adam step applies the summed gradients.

use attention_playground::bench::run::{Bench, run_bench};
use attention_playground::bench::{TIMED, WARMUP, Workload};
use burn::tensor::Device;

/// See `Cargo.toml`: glibc's malloc returns each step's large buffers to the kernel.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let number = |name: &str, default: usize| option(name).and_then(|v| v.parse().ok()).unwrap_or(default);
    let (warmup, steps) = (number("--warmup", WARMUP), number("--steps", TIMED));
    let threads = number("--threads", 1).max(1);
    let models = option("--models").unwrap_or_else(|| "tiny,small".into());
    for name in models.split(',') {
        let Some(workload) = Workload::from_name(&format!("bench-{name}")) else {
            eprintln!("unknown model {name:?}: use tiny or small");
            std::process::exit(2);
        };
        let bench = Bench::new(workload, &Device::flex()).with_threads(threads);
        match pollster::block_on(run_bench(bench, warmup, steps)) {
            Ok(r) => println!(
                "{{\"peer\":\"attention-playground\",\"model\":\"{name}\",\"backend\":\"burn-flex\",\"threads\":{threads},\"steps_per_s\":{:.2},\"median_ms\":{:.3},\"final_loss\":{},\"params\":{},\"flops_per_step\":{},\"gflops\":{:.3}}}",
                r.steps_per_s,
                r.median_ms,
                r.final_loss,
                r.parameters,
                workload.flops_per_step(),
                r.gflops
            ),
            Err(e) => {
                eprintln!("{name}: {e}");
                std::process::exit(1);
            }
        }
    }
}
