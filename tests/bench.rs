//! The benchmark workload on our model: given the reference implementation's initial weights,
//! the first ten training losses equal the reference's (PyTorch) to float32 precision; from our
//! own initialisation the model learns the task as fast as the workload's definition expects.
//!
//! `fixtures/bench_golden_tiny.json` is the peer benchmark's parity fixture: PyTorch's initial
//! weights under the workload's canonical names and its losses at steps 0..9.

use std::collections::HashMap;

use attention_playground::bench::Workload;
use attention_playground::bench::run::{Bench, run};
use burn::module::{Module, ModuleMapper, Param};
use burn::tensor::{Device, Tensor, TensorData};
use pollster::block_on;
use serde::Deserialize;

#[derive(Deserialize)]
struct Golden {
    losses: Vec<f32>,
    params: HashMap<String, GoldenTensor>,
}

#[derive(Deserialize)]
struct GoldenTensor {
    shape: Vec<usize>,
    data: Vec<f32>,
}

/// Our parameter path for a canonical name of the workload's definition.
fn our_path(name: &str) -> String {
    let fixed = [
        ("tok_emb", "token_embedding.weight"),
        ("pos_emb", "encoder.position.learned"),
        ("ln_f.g", "encoder.norm.gamma"),
        ("ln_f.b", "encoder.norm.beta"),
        ("head.w", "head.weight"),
        ("head.b", "head.bias"),
    ];
    if let Some((_, ours)) = fixed.iter().find(|(canonical, _)| *canonical == name) {
        return ours.to_string();
    }
    let rest = name.strip_prefix("blocks.").expect("a block parameter");
    let (index, field) = rest.split_once('.').expect("blocks.<i>.<field>");
    let field = match field {
        "ln1.g" => "norm_attention.gamma",
        "ln1.b" => "norm_attention.beta",
        "ln2.g" => "norm_feed_forward.gamma",
        "ln2.b" => "norm_feed_forward.beta",
        "ffn.w1" => "feed_forward_in.weight",
        "ffn.b1" => "feed_forward_in.bias",
        "ffn.w2" => "feed_forward_out.weight",
        "ffn.b2" => "feed_forward_out.bias",
        attention => {
            let (which, part) =
                attention.strip_prefix("attn.").and_then(|a| a.split_once('.')).expect("attn.<x>.<w|b>");
            let which = match which {
                "q" => "query",
                "k" => "key",
                "v" => "value",
                _ => "output",
            };
            return format!(
                "encoder.blocks.{index}.attention.{which}.{}",
                if part == "w" { "weight" } else { "bias" }
            );
        }
    };
    format!("encoder.blocks.{index}.{field}")
}

/// Puts the fixture's numbers into the parameters they name.
struct Assign {
    path: Vec<String>,
    values: HashMap<String, GoldenTensor>,
    device: Device,
    assigned: usize,
}

impl ModuleMapper for Assign {
    fn enter_module(&mut self, name: &str, _: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _: &str, _: &str) {
        self.path.pop();
    }

    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let path = self.path.join(".");
        let value =
            self.values.remove(&path).unwrap_or_else(|| panic!("the fixture has no value for {path}"));
        let shape: [usize; D] = value.shape.clone().try_into().unwrap_or_else(|_| panic!("{path}: rank"));
        assert_eq!(param.val().dims(), shape, "{path}: shape");
        self.assigned += 1;
        let device = self.device.clone();
        param.map(|_| Tensor::from_data(TensorData::new(value.data, shape), &device).require_grad())
    }
}

#[test]
fn from_the_reference_weights_the_first_ten_losses_are_the_references() {
    let golden: Golden =
        serde_json::from_str(include_str!("fixtures/bench_golden_tiny.json")).expect("the fixture parses");
    let device = Device::flex().autodiff();
    let values: HashMap<String, GoldenTensor> =
        golden.params.into_iter().map(|(k, v)| (our_path(&k), v)).collect();
    let count = values.len();
    let mut assign = Assign { path: Vec::new(), values, device: device.clone(), assigned: 0 };
    let model = Bench::model(Workload::Tiny, 0, &device).map(&mut assign);
    assert_eq!(assign.assigned, count, "every parameter came from the fixture");
    assert!(assign.values.is_empty(), "unused: {:?}", assign.values.keys().collect::<Vec<_>>());
    assert_eq!(model.num_params(), 9698, "the workload's parameter count");

    let mut bench = Bench::with_model(Workload::Tiny, &device, model);
    for (step, want) in golden.losses.iter().enumerate() {
        let loss = block_on(bench.step()).expect("step");
        assert!((loss - want).abs() < 2e-5, "step {step}: loss {loss}, the reference's {want}");
    }
}

#[test]
fn both_workloads_have_the_defined_size_and_learn_the_task() {
    assert_eq!(Workload::Tiny.flops_per_step(), 28_323_840);
    assert_eq!(Workload::Small.flops_per_step(), 654_336_000);
    let small = Bench::new(Workload::Small, &Device::flex());
    assert_eq!(small.parameters(), 103_298);

    // A short run (not timed): the loss of the last 20 steps is far below a constant guess (0.649).
    let result = block_on(run(Workload::Tiny, &Device::flex(), 0, 220)).expect("run");
    assert_eq!(result.parameters, 9698);
    assert!(result.final_loss < 0.3, "final loss {}", result.final_loss);
    assert!(result.steps_per_s > 0.0 && result.gflops > 0.0);
}

#[test]
fn sharing_each_batch_between_threads_trains_the_same_model() {
    // Three threads share the 32 rows unevenly (11, 11, 10): each share's loss is over the whole
    // batch's row count, so the shares add up to the batch's mean loss and gradients.
    let mut one = Bench::new(Workload::Tiny, &Device::flex());
    let mut three = Bench::new(Workload::Tiny, &Device::flex()).with_threads(3);
    for step in 0..5 {
        let alone = block_on(one.step()).expect("step on one thread");
        let shared = block_on(three.step()).expect("step on three threads");
        assert!((alone - shared).abs() < 1e-5, "step {step}: loss {alone} on one thread, {shared} on three");
    }
}
