//! Every word of the interface, in English and Simplified Chinese.

use crate::compare::Knob;
use crate::config::{
    BackendPreference, ConfigNotice, Lang, LessonId, Monitor, OptimizerKind, Positional, Schedule,
};
use crate::lessons::InputError;
use crate::lessons::custom::{DataError, MAX_BYTES, MAX_CHARS, MAX_CLASSES, MAX_ROWS, MIN_ROWS};
use crate::lessons::multimodal::PictureError;
use crate::lessons::patches::ImageError;
use crate::lessons::signal::SignalError;
use crate::predict::Guess;
use crate::protocol::{BackendInfo, BackendKind, BackendReason, NoWebGpu, ProbeProblem};
use crate::size::{SizeReport, TooBig, human_bytes};
use crate::ui::components::fields::FieldProblem;
use crate::ui::store::{Notice, Recovered};

#[derive(PartialEq)]
pub struct Text {
    pub title: &'static str,
    pub tagline: &'static str,
    pub lesson: &'static str,
    pub language: &'static str,
    pub train: &'static str,
    pub pause: &'static str,
    pub step: &'static str,
    pub reset: &'static str,
    pub steps: &'static str,
    pub epoch: &'static str,
    pub train_loss: &'static str,
    pub val_loss: &'static str,
    pub val_accuracy: &'static str,
    pub loss_chart: &'static str,
    pub accuracy_chart: &'static str,
    pub log_scale: &'static str,
    pub attention: &'static str,
    pub attention_help: &'static str,
    pub layer: &'static str,
    pub head: &'static str,
    pub query: &'static str,
    pub key: &'static str,
    pub probe: &'static str,
    pub probe_picture: &'static str,
    pub probe_signal: &'static str,
    pub probe_help: &'static str,
    pub probe_placeholder: &'static str,
    pub unknown_word: &'static str,
    pub truncated: &'static str,
    pub probe_empty: &'static str,
    pub model: &'static str,
    /// The settings panel's summary line: it folds the panel away (folded at first on a phone).
    pub settings_title: &'static str,
    pub training: &'static str,
    pub d_model: &'static str,
    pub n_heads: &'static str,
    pub n_layers: &'static str,
    pub d_ff: &'static str,
    pub positional: &'static str,
    pub scaled: &'static str,
    pub scaled_help: &'static str,
    pub optimizer: &'static str,
    pub lr: &'static str,
    pub schedule: &'static str,
    pub warmup: &'static str,
    pub momentum: &'static str,
    pub weight_decay: &'static str,
    pub clip: &'static str,
    pub dropout: &'static str,
    pub optimizer_help: &'static str,
    pub lr_now: &'static str,
    pub metrics_title: &'static str,
    pub metrics_help: &'static str,
    pub metrics_none: &'static str,
    pub regression_metrics_help: &'static str,
    pub class: &'static str,
    pub precision: &'static str,
    pub recall: &'static str,
    pub support: &'static str,
    pub macro_average: &'static str,
    pub truth_down_answer_across: &'static str,
    pub final_exam: &'static str,
    pub final_exam_help: &'static str,
    pub evaluate_test: &'static str,
    pub test_loss: &'static str,
    pub macro_f1: &'static str,
    /// `{}` is replaced by the step.
    pub test_evaluated: &'static str,
    pub batch_size: &'static str,
    pub epochs: &'static str,
    pub eval_every: &'static str,
    pub seed: &'static str,
    pub backend: &'static str,
    pub backend_choosing: &'static str,
    pub data_counts: &'static str,
    pub finished: &'static str,
    pub notices: &'static str,
    pub dismiss: &'static str,
    pub worker_failed: &'static str,
    pub formula_intro: &'static str,
    pub formula_seed: &'static str,
    pub sentiment_title: &'static str,
    pub sentiment_intro: &'static str,
    pub sentiment_try: &'static [&'static str],
    pub classes: [&'static str; 3],
    pub inside_title: &'static str,
    pub inside_intro: &'static str,
    pub as_table: &'static str,
    pub replaying_step: &'static str,
    pub more_terms: &'static str,
    pub weight: &'static str,
    pub mean_row_max: &'static str,
    pub with_sqrt: &'static str,
    pub without_sqrt: &'static str,
    pub entropy: &'static str,
    pub stage_x_first: &'static str,
    pub stage_x_later: &'static str,
    pub stage_unscaled: &'static str,
    pub qkv_title: &'static str,
    pub scale_toggle: &'static str,
    pub formula_is_models: &'static str,
    pub formula_what_if: &'static str,
    pub head_is_off: &'static str,
    pub stage_normed: &'static str,
    pub stage_q: &'static str,
    pub stage_k: &'static str,
    pub stage_v: &'static str,
    pub stage_scores: &'static str,
    pub hover_a_score: &'static str,
    pub stage_mask: &'static str,
    pub mask_help: &'static str,
    pub stage_output: &'static str,
    pub saturation_help: &'static str,
    pub head_view: &'static str,
    pub heads_shown: &'static str,
    pub head_view_help: &'static str,
    pub head_toggle_help: &'static str,
    pub head_on: &'static str,
    pub head_off: &'static str,
    pub ablation_none: &'static str,
    pub heads_switched_off: &'static str,
    pub not_retrained: &'static str,
    pub model_view: &'static str,
    pub model_view_help: &'static str,
    pub heads_off_short: &'static str,
    pub snapshot: &'static str,
    pub timeline: &'static str,
    pub play: &'static str,
    pub live: &'static str,
    pub timeline_help: &'static str,
    pub of_variance: &'static str,
    pub embedding_map: &'static str,
    pub embedding_help: &'static str,
    /// The embedding map of a lesson that reads patches of pixels or frames of a signal.
    pub embedding_none_patches: &'static str,
    pub embedding_none_frames: &'static str,
    pub saliency_for: &'static str,
    pub saliency_title: &'static str,
    pub attention_received: &'static str,
    pub saliency_help: &'static str,
    pub saliency_caution: &'static str,
    pub word_groups: [&'static str; 6],
    pub copy_title: &'static str,
    pub copy_intro: &'static str,
    pub reverse_title: &'static str,
    pub reverse_intro: &'static str,
    pub expected_overlay: &'static str,
    pub alignment: &'static str,
    pub alignment_help: &'static str,
    pub output: &'static str,
    pub digits_placeholder: &'static str,
    pub digits_help: &'static str,
    pub charlm_help: &'static str,
    pub recommend_help: &'static str,
    pub copy_try: &'static [&'static str],
    pub reverse_try: &'static [&'static str],
    pub sort_title: &'static str,
    pub sort_intro: &'static str,
    pub recall_title: &'static str,
    pub recall_intro: &'static str,
    pub recall_placeholder: &'static str,
    pub sort_try: &'static [&'static str],
    pub recall_try: &'static [&'static str],
    pub attention_pattern: &'static str,
    pub causal: &'static str,
    pub window: &'static str,
    pub stride: &'static str,
    pub pattern_help: &'static str,
    pub baseline: &'static str,
    pub baseline_help: &'static str,
    pub baseline_loss: &'static str,
    pub baseline_accuracy: &'static str,
    pub induction_title: &'static str,
    pub induction_intro: &'static str,
    pub induction_placeholder: &'static str,
    pub induction_try: &'static [&'static str],
    pub val_mae: &'static str,
    pub val_r2: &'static str,
    pub r2_chart: &'static str,
    pub baseline_r2: &'static str,
    pub mae_help: &'static str,
    pub r2_help: &'static str,
    pub predicted_number: &'static str,
    pub regression_title: &'static str,
    pub regression_intro: &'static str,
    pub regression_placeholder: &'static str,
    pub regression_try: &'static [&'static str],
    pub custom_title: &'static str,
    pub custom_intro: &'static str,
    pub custom_try: &'static [&'static str],
    pub custom_data: &'static str,
    pub custom_format: &'static str,
    pub custom_limits: &'static str,
    pub custom_apply: &'static str,
    pub custom_file: &'static str,
    pub custom_refused: &'static str,
    pub custom_training_on: &'static str,
    pub custom_numbers: &'static str,
    pub custom_classes: &'static str,
    pub charlm_title: &'static str,
    pub charlm_intro: &'static str,
    pub charlm_placeholder: &'static str,
    pub charlm_try: &'static [&'static str],
    pub temperature: &'static str,
    pub top_k: &'static str,
    pub sample_len: &'static str,
    pub sample_title: &'static str,
    pub sample_help: &'static str,
    pub sample_button: &'static str,
    pub sample_looked_at: &'static str,
    pub sample_candidates: &'static str,
    pub multitask_title: &'static str,
    pub multitask_intro: &'static str,
    pub multitask_try: &'static [&'static str],
    pub topic: &'static str,
    pub topics: [&'static str; 4],
    pub topic_accuracy: &'static str,
    pub sentiment_loss: &'static str,
    pub topic_loss: &'static str,
    pub task_weight: &'static str,
    pub examples: &'static str,
    pub expected_answer: &'static str,
    pub translate_title: &'static str,
    pub translate_intro: &'static str,
    pub translate_try: &'static [&'static str],
    pub translate_placeholder: &'static str,
    pub translate_help: &'static str,
    pub translation: &'static str,
    pub without_attention: &'static str,
    pub cross_attention: &'static str,
    pub cross_help: &'static str,
    /// `{step}`, `{out}`, `{src}`, `{w}` are replaced.
    pub cross_readout: &'static str,
    pub best_aligned_head: &'static str,
    pub mean_of_heads: &'static str,
    pub shown_map: &'static str,
    pub alignment_of_map: &'static str,
    pub encoder_attention: &'static str,
    pub translate_baseline_help: &'static str,
    pub patches_title: &'static str,
    pub patches_intro: &'static str,
    pub patches_try: &'static [&'static str],
    /// The shapes of the image lesson, in the order of its classes.
    pub shapes: [&'static str; 5],
    /// `{r}`, `{c}` are replaced.
    pub pixel_label: &'static str,
    pub clear_image: &'static str,
    pub image_help: &'static str,
    pub image_example: &'static str,
    pub signal_title: &'static str,
    pub signal_intro: &'static str,
    pub signal_try: &'static [&'static str],
    /// The signal lesson's classes, as [`crate::lessons::signal::CLASSES`].
    pub events: [&'static str; 3],
    pub signal_event: &'static str,
    pub signal_position: &'static str,
    pub signal_noise: &'static str,
    pub signal_seed: &'static str,
    pub signal_help: &'static str,
    pub signal_example: &'static str,
    pub recommend_title: &'static str,
    pub recommend_intro: &'static str,
    pub recommend_try: &'static [&'static str],
    pub recommend_placeholder: &'static str,
    pub multimodal_title: &'static str,
    pub multimodal_intro: &'static str,
    pub multimodal_try: &'static [&'static str],
    pub multimodal_placeholder: &'static str,
    /// The multimodal lesson's classes, as [`crate::lessons::multimodal::CLASSES`].
    pub verdicts: [&'static str; 2],
    /// As [`crate::lessons::multimodal::COLOURS`] and [`crate::lessons::multimodal::SHAPES`].
    pub colours: [&'static str; 4],
    pub forms: [&'static str; 3],
    pub multimodal_view: &'static str,
    pub multimodal_help: &'static str,
    pub multimodal_word: &'static str,
    pub multimodal_patch: &'static str,
    pub multimodal_shown: &'static str,
    pub val_hit_rate: &'static str,
    pub hit_rate_help: &'static str,
    pub history: &'static str,
    pub history_help: &'static str,
    pub recommended: &'static str,
    pub calls_for_another: &'static str,
    /// `{}` is replaced by the position.
    pub position_label: &'static str,
    pub add_position: &'static str,
    pub remove_position: &'static str,
    pub shuffle: &'static str,
    pub present: &'static str,
    pub share_link: &'static str,
    pub share_help: &'static str,
    pub link_copied: &'static str,
    pub link_copy_failed: &'static str,
    pub tour_replay: &'static str,
    pub guide_open: &'static str,
    pub guide_title: &'static str,
    pub guide_close: &'static str,
    pub guide_contents: &'static str,
    pub guide_more: &'static str,
    pub show_me: &'static str,
    /// `{}`: the lesson whose page has the element.
    pub show_me_in: &'static str,
    pub show_me_hidden: &'static str,
    pub challenges_title: &'static str,
    pub challenge_hint: &'static str,
    pub challenge_more_hint: &'static str,
    pub challenge_done: &'static str,
    pub predict_title: &'static str,
    pub predict_prompt: &'static str,
    /// Which heads are compared, where the lesson's own map is cross-attention: translation.
    pub predict_which_translate: &'static str,
    /// The same for the multimodal lesson.
    pub predict_which_multimodal: &'static str,
    /// `{}`: the steps before the comparison.
    pub predict_wait: &'static str,
    /// `{guess}`, `{head}`, `{share}`.
    pub predict_fits: &'static str,
    /// `{guess}`, `{head}`, `{share}`.
    pub predict_closest: &'static str,
    pub predict_right: &'static str,
    pub predict_other: &'static str,
    pub tour_skip: &'static str,
    pub tour_next: &'static str,
    pub tour_done: &'static str,
    pub tour_lesson_title: &'static str,
    pub tour_lesson: &'static str,
    pub tour_train_title: &'static str,
    pub tour_train: &'static str,
    pub tour_loss_title: &'static str,
    pub tour_loss: &'static str,
    pub tour_map_title: &'static str,
    pub tour_map: &'static str,
    pub split: &'static str,
    pub split_train: &'static str,
    pub split_val: &'static str,
    pub split_test: &'static str,
    pub split_counts: &'static str,
    pub split_help: &'static str,
    pub early_stop: &'static str,
    pub monitor: &'static str,
    pub patience: &'static str,
    pub early_stop_help: &'static str,
    pub early_stopped: &'static str,
    pub best_restored: &'static str,
    pub watch_improved: &'static str,
    pub watch_waiting: &'static str,
    pub watch_on: &'static str,
    pub speed: &'static str,
    pub steps_per_second: &'static str,
    pub examples_per_second: &'static str,
    pub phase_title: &'static str,
    pub phase_forward: &'static str,
    pub phase_backward: &'static str,
    pub phase_optimizer: &'static str,
    pub phase_read: &'static str,
    pub speed_help_webgpu: &'static str,
    pub speed_help_cpu: &'static str,
    pub cell_title: &'static str,
    pub cell_loading: &'static str,
    pub cell_summary: &'static str,
    pub cell_at_token: &'static str,
    pub cell_at_step: &'static str,
    pub close: &'static str,
    pub run: &'static str,
    pub run_training: &'static str,
    pub run_best_restored: &'static str,
    pub run_finished: &'static str,
    pub run_stopped: &'static str,
    pub score: &'static str,
    pub test_short: &'static str,
    pub compare_runs: &'static str,
    pub compare_metric: &'static str,
    pub compare_help: &'static str,
    pub sweep_knob: &'static str,
    pub sweep: &'static str,
    pub sweep_status: &'static str,
    pub sweep_stop: &'static str,
    pub sweep_help: &'static str,
    pub export_csv: &'static str,
    pub clear_runs: &'static str,
    pub model_file: &'static str,
    pub model_file_help: &'static str,
    pub save_model: &'static str,
    pub load_model: &'static str,
    pub start_fresh: &'static str,
    pub start_fresh_help: &'static str,
    pub model_kept: &'static str,
    pub model_saved: &'static str,
    pub model_loading: &'static str,
    pub model_loading_kept: &'static str,
    pub model_loaded: &'static str,
    pub model_restored: &'static str,
    pub model_fresh: &'static str,
    pub file_foreign: &'static str,
    pub file_truncated: &'static str,
    pub file_newer: &'static str,
    pub file_corrupt: &'static str,
    pub load_vocabulary: &'static str,
    pub load_weights: &'static str,
    pub load_other: &'static str,
    pub storage_failed: &'static str,
    pub train_loss_help: &'static str,
    pub loss_summary: &'static str,
    pub accuracy_summary: &'static str,
    pub r2_summary: &'static str,
    pub no_training_yet: &'static str,
    pub bits: &'static str,
    pub use_lr: &'static str,
    pub clip_at_one: &'static str,
    pub use_batch: &'static str,
    pub details: &'static str,
    pub copy_details: &'static str,
}

pub const EN: Text = Text {
    title: "Attention Playground",
    tagline: "Train a small attention model in your browser and watch what it learns to look at.",
    lesson: "Lesson",
    language: "Language",
    train: "Train",
    pause: "Pause",
    step: "Step",
    reset: "Reset",
    steps: "Step",
    epoch: "Epoch",
    train_loss: "Training loss",
    val_loss: "Validation loss",
    val_accuracy: "Validation accuracy",
    loss_chart: "Loss",
    accuracy_chart: "Validation accuracy",
    log_scale: "log scale",
    attention: "Attention",
    attention_help: "Row = the word that asks (query); column = the word it looks at (key). Each row sums to 1.",
    layer: "Layer",
    head: "Head",
    query: "query",
    key: "key",
    probe: "Try a sentence",
    probe_picture: "Try a picture",
    probe_signal: "Try a signal",
    probe_help: "Each word is shaded by how much attention it receives in the chosen layer and head.",
    probe_placeholder: "type a review, e.g. the book was not good",
    unknown_word: "not in the vocabulary: read as <unk>",
    truncated: "The text was cut to the longest input the model takes.",
    probe_empty: "Nothing typed: the model reads the lesson's own example.",
    model: "Model",
    settings_title: "Settings",
    training: "Training",
    d_model: "Width d_model",
    n_heads: "Heads",
    n_layers: "Layers",
    d_ff: "Feed-forward width",
    positional: "Positions",
    scaled: "Scale scores by 1/√d",
    scaled_help: "Off: the seed article's formula softmax(QKᵀ)V, without 1/√d. Large scores push softmax towards one-hot weights and small gradients.",
    optimizer: "Optimizer",
    lr: "Learning rate",
    schedule: "Learning-rate schedule",
    warmup: "Warm-up (share of the run)",
    momentum: "Momentum",
    weight_decay: "Weight decay",
    clip: "Clip gradient norm (0 = off)",
    dropout: "Dropout",
    optimizer_help: "SGD moves each weight against its gradient (momentum keeps a running direction); Adam scales each weight's step by its gradients' recent size; AdamW is Adam with weight decay applied to the weights directly. Warm-up + cosine raises the rate from 0, then lowers it to 0 by the last step. Clipping scales each weight tensor's gradient down to the given norm. Dropout zeroes a random share of the attention weights and residual outputs while training (never when evaluating).",
    lr_now: "Learning rate now",
    metrics_title: "Validation metrics",
    metrics_help: "Precision: of the answers “k”, the share that were right. Recall: of the true k's, the share the model found. F1 balances the two. The macro average weighs every class equally, however rare. Counted over every asked answer of the validation split, after each validation.",
    regression_metrics_help: "Validation errors in the lesson's own units: MSE is the mean squared error (the loss, before the numbers are standardised), MAE the mean absolute error, and R² the share of the targets' variance the model explains (1 is perfect, 0 is no better than always answering the mean).",
    metrics_none: "This lesson answers with a number (or with too many classes for a table): see its MAE and R², or its loss.",
    class: "Class",
    precision: "Precision",
    recall: "Recall",
    support: "Support",
    macro_average: "Macro average",
    truth_down_answer_across: "Confusion matrix: true class down, the model's answer across",
    final_exam: "Final exam: the test split",
    final_exam_help: "The test split is held out from everything: training, and every choice made by looking at validation. Evaluate it once, at the end; using it to tune would turn it into a second validation set and its score would no longer say how the model does on unseen data.",
    evaluate_test: "Evaluate on the test set",
    test_loss: "Test loss",
    macro_f1: "Macro F1",
    test_evaluated: "Evaluated once, after {} steps. Reset (or a new model) allows a new exam.",
    batch_size: "Batch size",
    epochs: "Epochs",
    eval_every: "Evaluate every (steps)",
    seed: "Seed",
    backend: "Backend",
    backend_choosing: "choosing…",
    data_counts: "examples: train / validation / test",
    finished: "Done: all epochs trained. Press Train to continue.",
    notices: "Some settings in the link were changed:",
    dismiss: "Dismiss",
    worker_failed: "The training worker stopped",
    formula_intro: "Each word becomes a query q, a key k and a value v (Q = x̂W_Q + b_Q, K = x̂W_K + b_K, V = x̂W_V + b_V). A word's new vector is a mix of all values, weighted by how well its query matches each key:",
    formula_seed: "The seed article writes softmax(QKᵀ)V, without the division by √d; switch scaling off to train with exactly that.",
    sentiment_title: "Sentiment",
    sentiment_intro: "Is a short review positive, negative or neutral? Counting good and bad words is not enough: “not good” is negative, and in “the food was bad but the service was great” the part after “but” decides.",
    sentiment_try: &[
        "Type “the movie was not good” and see which word “good” attends to.",
        "Set Positions to none: can the model still tell “good but bad” from “bad but good”?",
        "Switch scaling off and compare how sharp the attention becomes.",
    ],
    classes: ["negative", "neutral", "positive"],
    inside_title: "Inside attention",
    inside_intro: "Everything below is computed live from the model you are training, for the sentence in the box above.",
    as_table: "table",
    replaying_step: "Replaying the attention at step {}",
    more_terms: "more terms",
    weight: "weight",
    mean_row_max: "Largest weight per row, on average",
    with_sqrt: "with ÷√d",
    without_sqrt: "seed's (no ÷√d)",
    entropy: "Entropy per row",
    stage_x_first: "x = token embedding + position",
    stage_x_later: "x = output of layer {}",
    stage_unscaled: "S, not divided (the seed's formula)",
    qkv_title: "Step by step",
    scale_toggle: "divide by √d_head",
    formula_is_models: "This is the formula the model computes.",
    formula_what_if: "What if: the other formula, computed from the same Q and K. The model itself uses the other one.",
    head_is_off: "This head is switched off: its output O is zeroed before W_O mixes the heads.",
    stage_normed: "x̂ = LayerNorm(x)",
    stage_q: "Q = x̂·W_Q + b_Q (this head's columns)",
    stage_k: "K = x̂·W_K + b_K",
    stage_v: "V = x̂·W_V + b_V",
    stage_scores: "S = Q·Kᵀ",
    hover_a_score: "Point at a score (or focus it and use the arrow keys) to see the dot product behind it.",
    stage_mask: "Mask (1 = may attend)",
    mask_help: "Where the mask is 0 the score becomes −∞ before softmax, hence weight 0: later tokens under the causal mask, keys outside the local window or stride, and padding (a single input has none).",
    stage_output: "O = A·V (this head's output)",
    saturation_help: "Without ÷√d the scores grow with d, softmax saturates towards one-hot rows, and its gradients vanish; that is why implementations scale.",
    head_view: "Head view",
    heads_shown: "heads shown",
    head_view_help: "Lines join each query word (left) to the key words (right) it attends to; thicker = more weight. Point at a word to isolate its lines.",
    head_toggle_help: "Switch this head off to see what validation loss and accuracy become without it (nothing is retrained).",
    head_on: "on",
    head_off: "off",
    ablation_none: "All heads are on. Switch one off to see how much the model relies on it.",
    heads_switched_off: "Switched off",
    not_retrained: "the model was not retrained",
    model_view: "Model view: every layer × head",
    model_view_help: "Click a thumbnail to show that head everywhere on the page.",
    heads_off_short: "heads off",
    snapshot: "Snapshot",
    timeline: "Attention timeline",
    play: "Play",
    live: "Live",
    timeline_help: "Snapshots of the attention are kept while training; drag to replay how the pattern formed. A new sentence starts a new timeline.",
    of_variance: "of the variance",
    embedding_map: "Embedding map",
    embedding_help: "Every word's embedding, projected to 2-D with PCA. Words the model treats alike move together as it trains.",
    embedding_none_patches: "Nothing to map in this lesson: its tokens are not words looked up in a table but patches of pixels, each turned into a vector by one linear map (and the class token, one learned vector). The map shows the word vectors of the lessons that read words.",
    embedding_none_frames: "Nothing to map in this lesson: its tokens are not words looked up in a table but frames of the signal, each turned into a vector by one linear map (and the class token, one learned vector). The map shows the word vectors of the lessons that read words.",
    saliency_for: "Gradient × input for the predicted class",
    saliency_title: "Attention vs. explanation",
    attention_received: "Attention received",
    saliency_help: "Orange words push the prediction towards its class, purple words away from it.",
    saliency_caution: "Caution: attention weights show where a head looked, not why the model decided; other heads, layers and the values also matter. Compare with the saliency before reading attention as an explanation.",
    word_groups: ["positive", "negative", "neutral", "negation", "intensifier", "contrast"],
    copy_title: "Copy / shift",
    copy_intro: "Output, at every position, the digit one place to its left. Attention must learn to look one step back: the heatmap should show a diagonal just below the main one. Only the positional encoding tells a token where it is.",
    reverse_title: "Reverse",
    reverse_intro: "Output the 8 digits backwards. Position i must attend to position 7 − i: the expected pattern is the anti-diagonal. Attention alone cannot tell positions apart, so this needs the positional encoding.",
    expected_overlay: "show the expected pattern",
    alignment: "Alignment (best head)",
    alignment_help: "Share of attention the best-aligned head puts on the expected cells, averaged over validation.",
    output: "Output",
    digits_placeholder: "type digits, e.g. 3 1 4 1 5 9 2 6",
    digits_help: "Each digit, letter or sign is one token, with or without spaces.",
    charlm_help: "Each character is one token, spaces and line breaks included (drawn as ␣ and ↵).",
    recommend_help: "Each purchase is one token: product names, separated by spaces.",
    copy_try: &[
        "Turn Positions to none and train again: where does the diagonal go?",
        "Compare 1 and 2 layers: how many steps until the alignment passes 0.8?",
        "Type a sequence of 5 digits: does the shift still work?",
    ],
    reverse_try: &[
        "Set Positions to none: the loss stays high. Why can attention not reverse without positions?",
        "Switch off heads in the model view: which one does the reversing?",
        "Compare learned and sinusoidal positions.",
    ],
    sort_title: "Sort",
    sort_intro: "Output the 8 digits in ascending order. Where to look now depends on what the tokens are, not where they are: the query at position i should find the i-th smallest digit wherever it sits.",
    recall_title: "Associative recall",
    recall_intro: "A list of key–value pairs, then a key: answer its value (“a 3 c 7 e 1 g 4 c” → 7). The last position should attend to the matching key and the value after it — a lookup done by attention.",
    recall_placeholder: "pairs then a key, e.g. a 3 c 7 e 1 g 4 c",
    sort_try: &[
        "Compare 1 and 2 layers: can one layer sort?",
        "Type a sequence with repeated digits: where do the queries look?",
        "Watch the timeline: does the pattern form all at once?",
    ],
    recall_try: &[
        "Change the asked key in the probe and watch the attention move.",
        "Try 1 layer instead of 2: why does recall get harder?",
        "Switch heads off in the model view: which one finds the value?",
    ],
    attention_pattern: "Which keys each query sees",
    causal: "causal (no looking ahead)",
    window: "local window (0 = all)",
    stride: "strided keys (0 = off)",
    pattern_help: "Causal: a query sees only itself and earlier tokens, as a language model must. Window w: only keys at most w positions away (local attention). Stride s: also every s-th key (sparse attention); with window 0, only those. Hidden keys get −∞ before softmax.",
    baseline: "train an attention-free baseline beside it",
    baseline_help: "The same network with every attention weight fixed at 1/(keys seen): each token gets the plain mean of the tokens, whatever they are. The gap between the two curves is what learned attention buys.",
    baseline_loss: "Baseline val. loss (no attention)",
    baseline_accuracy: "Baseline accuracy (no attention)",
    induction_title: "Induction heads",
    induction_intro: "Predict the next letter. Each sequence repeats a segment of random letters, so once the repeat starts, the letter that followed the current one last time comes next. A causal two-layer model learns it with two heads working together: in layer 1 a previous-token head (the diagonal just below the main one), in layer 2 an induction head that looks at the position after the earlier occurrence of the current letter. The loss sits on a plateau, then drops suddenly when they click.",
    induction_placeholder: "letters with a repeat, e.g. k d b m q f h d b m q f",
    induction_try: &[
        "Watch the loss chart: when does the sudden drop come, and what does the timeline show at that step?",
        "Set layers to 1 and train again: why can one layer not do it?",
        "Switch causal off: the loss falls at once. What is the model reading?",
        "Type a new repeat, e.g. c a r p e j c a r p e: are the predictions right for letters it never saw together?",
    ],
    val_mae: "Validation MAE",
    val_r2: "Validation R²",
    r2_chart: "Validation R²",
    baseline_r2: "Baseline R² (no attention)",
    mae_help: "Mean absolute error: how far the predicted number is from the true one on average, in the task's own units.",
    r2_help: "R² = 1 − (squared error) / (variance of the targets): 1 is perfect, 0 is no better than always answering the average.",
    predicted_number: "Predicted number",
    regression_title: "Regression (MSE)",
    regression_intro: "Output one number: the sum of the digits that come right after a + marker (“3 + 5 2 + 7 1 4 + 2” → 5 + 7 + 2 = 14). The loss is the mean squared error, as the seed article recommends for regression; the page also reports the mean absolute error and R². A digit counts only if a marker stands before it, so each digit after a marker should look one step back at it.",
    regression_placeholder: "digits and + markers, e.g. 3 + 5 2 + 7 1 4 + 2",
    regression_try: &[
        "Move a + in the probe: does the predicted sum follow?",
        "Set Positions to none: can the model still tell which digit follows a marker?",
        "Switch the baseline on: how close does the mean of the tokens get without attention?",
    ],
    custom_title: "Your own data",
    custom_intro: "Train on your own texts: paste or upload lines of text and label. Labels that are all numbers make a regression (mean squared error); anything else a classification with one class per label. The vocabulary is built from your training split — words, or single characters for Chinese. Until you bring data, a sample of restaurant reviews stands in.",
    custom_try: &[
        "Paste a few dozen lines of your own, e.g. questions labelled by topic, and press Train on this data.",
        "Label texts with numbers (e.g. star ratings): the lesson becomes a regression with MAE and R².",
        "Make a mistake on purpose (a line without a label): which line does the page point to?",
    ],
    custom_data: "Your data",
    custom_format: "One example per line: text,label (CSV; quote a text that holds commas, \"like, this\") or text<TAB>label (TSV). A first line text,label is skipped.",
    custom_limits: "Limits: {rows} lines, {chars} characters a text; the model reads the first {tokens} tokens. Every bad line is listed and nothing is trained until all are fixed.",
    custom_apply: "Train on this data",
    custom_file: "or pick a CSV/TSV file",
    custom_refused: "Not used — fix these lines first:",
    custom_training_on: "Training on train / validation / test",
    custom_numbers: "numbers: regression",
    custom_classes: "classification",
    charlm_title: "Tiny language model",
    charlm_intro: "Predict the next character of nursery rhymes (English) or classical Chinese poems (中文), all in the public domain. The model is causal: each position sees only the characters before it, so every position of the text is a training example. Once it predicts well, it can write: Sample draws a next character from its prediction, appends it and repeats. Whole rhymes go to validation, so its loss shows how the model does on verses it never saw: it falls at first, then rises as the model starts to learn its few verses by heart — overfitting, live.",
    charlm_placeholder: "the start of a line, e.g. Twinkle, twinkle, little",
    charlm_try: &[
        "Sample before training, after 100 steps and at the end: when do words appear?",
        "Set the temperature to 0.1, then to 2: what happens to the text, and to the candidate bars?",
        "Set top-k to 1: the model always takes its favourite. Why does it start to repeat itself?",
        "Click a written character: which earlier characters did it look at?",
    ],
    temperature: "temperature",
    top_k: "top-k (0 = all)",
    sample_len: "characters to write",
    sample_title: "The model writes",
    sample_help: "Each character is drawn from the model's prediction: logits ÷ temperature, only the top-k kept, softmax, then a seeded random draw. Select a character to see the candidates it was drawn from and where its position looked (last layer, mean over heads).",
    sample_button: "Sample",
    sample_looked_at: "Where the model looked to write “{token}” (character {n} written)",
    sample_candidates: "Candidates (after temperature and top-k)",
    multitask_title: "Multi-task: sentiment and topic",
    multitask_intro: "One shared encoder, two heads: each review gets its sentiment and its topic — what the deciding clause is about (film, restaurant, book, music). The loss is loss(sentiment) + w · loss(topic). Both tasks need the same structure — after “but” the second clause decides both — so the encoder learns it once for the two heads.",
    multitask_try: &[
        "Set the topic weight to 0: the topic head stops learning. Does sentiment suffer?",
        "Compare the two loss curves: which task is learned first?",
        "Type “the food was bad but the movie was great”: do both heads follow “but”?",
    ],
    topic: "Topic",
    topics: ["film", "restaurant", "book", "music"],
    topic_accuracy: "Topic accuracy",
    sentiment_loss: "Sentiment loss (validation)",
    topic_loss: "Topic loss (validation)",
    task_weight: "topic loss weight w",
    examples: "or pick a validation example",
    expected_answer: "The data's answer",
    translate_title: "Translation with cross-attention: dates",
    translate_intro: "An encoder reads a date as people write it — “29 November 2026”, “Nov 29, 2026”, “2026年11月29日”, “二〇二六年十一月二十九日” — and a decoder writes it in ISO form, 2026-11-29, one character at a time. Before each character the decoder looks back at the source through cross-attention: Q comes from what it has written so far, K and V from the encoded source. Training feeds it the true previous characters (teacher forcing); the probe lets it read its own (greedy decoding). The fields come in different orders and spellings, so every output digit has to find its source: the alignment map below shows where it looked.",
    translate_try: &[
        "Train, then read the cross-attention map: does each year digit look at the same digit of the source, and the month digits at the month's name?",
        "Type a date in another format, e.g. “July 4th, 1776” or “1776年7月4日”: do the rows move to the new positions?",
        "Turn on the baseline: the same model whose decoder sees only one pooled summary of the source (equal weights on every token). Compare the curves and the two translations: this bottleneck is why attention was invented.",
        "Pick head by head: which heads align, and what do the others do?",
    ],
    translate_placeholder: "a date, e.g. 4 July 1776, Jul 4, 1776 or 1776年7月4日",
    translate_help: "English month names, digits and Chinese characters are one token each; years from 1800 to 2199.",
    translation: "Translation (greedy decoding)",
    without_attention: "Without attention (one pooled summary)",
    cross_attention: "Cross-attention: where each written character looked",
    cross_help: "Row = a character the decoder wrote; column = a source token. Each row sums to 1. Outlined: where the lesson expects it to look (the same year digit; the month; the day).",
    cross_readout: "Step {step} wrote “{out}” reading “{src}”: {w}",
    best_aligned_head: "best-aligned head",
    mean_of_heads: "mean of heads",
    shown_map: "Map",
    alignment_of_map: "Attention on the expected cells",
    encoder_attention: "Encoder self-attention (the source reading itself)",
    patches_title: "Spatial attention: shapes in pictures",
    patches_intro: "A small vision transformer: each 12 × 12 picture is cut into 16 patches of 3 × 3 pixels, each patch becomes a vector (one linear map for all), and a class token with no pixels of its own goes in front. The shape — square, plus, cross, ring or triangle, anywhere in the picture — is read from the class token, which has to gather it by attending to the patches. A few stray pixels are noise. The orange shading over the picture is the class token's attention: where the model looked (the seed's spatial attention).",
    patches_try: &[
        "Train, then watch the shading: does the class token look at the shape's patches and ignore the stray pixels?",
        "Draw your own shape (click pixels) or move one: does the attention follow it?",
        "Set Positions to none: the model sees a bag of patches. Which shapes can it still tell apart?",
        "Turn on the baseline: the class token then gets the plain mean of all patches, noise included.",
    ],
    shapes: ["square", "plus", "cross", "ring", "triangle"],
    pixel_label: "pixel row {r}, column {c}",
    clear_image: "Clear the picture",
    image_help: "Click pixels to draw. Shading: the class token's attention to each patch (layer and head as chosen on the attention map).",
    image_example: "Picture",
    signal_title: "Temporal attention: an event in a signal",
    signal_intro: "A recording of 64 samples — a slow hum and some noise — holds one event at a random time: a beep (a steady fast tone), a chirp (a tone whose pitch rises) or spikes (three sharp clicks). The recording is cut into 16 frames of 4 samples; each frame becomes a vector, and a class token goes in front, as speech models cut sound into frames. The event's type is read from the class token, which has to find the event in time by attending to the frames. The orange band under the waveform is the class token's attention: when the model listened (the seed's temporal attention for speech).",
    signal_try: &[
        "Train, then watch the band: does the attention sit on the frames of the event and skip the hum?",
        "Drag the event's time: does the attention follow it, and does the answer stay the same?",
        "Raise the noise past what the model was trained on (0.3): when does the attention spread out and the answer fail?",
        "Set Positions to none: the model then hears a bag of frames, out of order. Can it still tell a chirp (whose pitch rises over time) from a beep?",
    ],
    events: ["beep", "chirp", "spikes"],
    signal_event: "Event",
    signal_position: "Event starts at sample",
    signal_noise: "Noise",
    signal_seed: "New noise",
    signal_help: "Move the event or add noise. The band under the waveform: the class token's attention to each frame (layer and head as chosen on the attention map).",
    signal_example: "Recording",
    recommend_title: "Recommendation: the next purchase",
    recommend_intro: "Each line is one shopper's recent purchases, oldest first, from four shops (photo, outdoor, games, kitchen). Most items are bought for their own sake, mostly in the shopper's favourite shop; a few call for another soon after — a camera for a lens, a drone for a propeller, a tent for a tarp, a kayak for a paddle, a console for a controller, a keyboard for a mouse, a kettle for tea, a wok for a spatula. The next purchase is what the latest of those calls for, however many items came after it. The model is causal, as a recommender reads a history: each position sees only the purchases before it, and the answer is read at the last one. It is scored by accuracy (its first guess) and by hit rate at 5 (the right item among its five most likely), as recommenders are. The shading on the history is the last position's attention: which past purchases the recommendation looked at (the seed's attention over user behaviour).",
    recommend_try: &[
        "Train, then read the history: does the last position look at the camera (or the tent…) and skip the rest?",
        "Put a second purchase that calls for another after the first: does the recommendation switch to the newer one?",
        "Compare accuracy and hit rate at 5: why is the second always at least as high?",
        "Turn off the causal mask or the positions: can the model still tell which purchase was the latest?",
    ],
    recommend_placeholder: "purchases, oldest first, e.g. boots tent mug camera lantern mug",
    multimodal_title: "Multimodal: does the caption match the picture?",
    multimodal_intro: "Each example is a tiny picture — a grid of 3 × 2 cells holding three coloured shapes — and a caption such as “red circle left of blue square”. Half the captions are true; the others are wrong in one way: left and right swapped, the colours swapped between the two shapes, or a colour or form that is not there. The model reads the two kinds of input separately — the caption as words, the picture as 6 patches (one per cell) — and joins them with cross-attention: each word is a query, each patch a key and a value, so every word looks for what it names in the picture. Then the words compare what they found and the model answers match or no match. Below the picture, click a word to see which patches it read (the seed's multimodal attention, combining an image with text).",
    multimodal_try: &[
        "Train, then click “red” and “circle”: do they find the red circle's cell? Which head does it best?",
        "Swap the colours in the caption (“blue circle left of red square”): the words still find their shapes, but does the answer flip?",
        "Move a shape to another cell in the picture text (the number after @): does the word's attention follow it?",
        "Set the positions to none: can the model still tell left from right?",
    ],
    multimodal_placeholder: "caption | picture, e.g. red circle left of blue square | red-circle@1 blue-square@6",
    verdicts: ["match", "no match"],
    colours: ["red", "green", "blue", "yellow"],
    forms: ["circle", "square", "triangle"],
    multimodal_view: "Picture and caption: where each word looked",
    multimodal_help: "Click or focus a word: the cells it read light up, the brightest the most (cross-attention, the chosen layer and head). The table gives every word's attention to every cell; outlined: the cell of the shape the word names.",
    multimodal_word: "Word",
    multimodal_patch: "Cell",
    multimodal_shown: "Cross-attention shown",
    val_hit_rate: "Hit rate at 5",
    hit_rate_help: "Share of validation answers whose right item is among the model's five most likely",
    history: "History: where the recommendation looked",
    history_help: "Each past purchase, shaded by the last position's attention to it (layer and head as chosen on the attention map); ★ marks a purchase that calls for another.",
    recommended: "Recommended next (five most likely)",
    calls_for_another: "calls for another purchase",
    position_label: "token at position {}",
    add_position: "+ position",
    remove_position: "− position",
    shuffle: "Shuffle",
    translate_baseline_help: "The same encoder–decoder with cross-attention's weights fixed at 1/(source tokens): every step of the decoder reads one and the same pooled summary of the source, as translation models did before attention. The gap between the curves is what cross-attention buys.",
    split: "Data split",
    split_train: "Training %",
    split_val: "Validation %",
    split_test: "Test % (the rest)",
    split_counts: "{train} training · {val} validation · {test} test examples",
    split_help: "The examples are shuffled with the seed and cut in this order, so the same seed and shares give the same three sets, which never overlap. The model learns from the training set; validation guides your choices and early stopping; the test set is kept for the final exam.",
    early_stop: "Early stopping",
    monitor: "Watch",
    patience: "Patience (evaluations)",
    early_stop_help: "Early stopping watches a validation metric after each evaluation and keeps a copy of the best model. When the metric has not improved for “patience” evaluations in a row, training stops and the best model is put back; at the end of a run the best model is put back too.",
    early_stopped: "Stopped early at step {at}: validation {metric} did not improve for {patience} evaluations. The best model, from step {best} ({metric} {value}), is back in place.",
    best_restored: "The run is over; early stopping put back the best model, from step {best} ({metric} {value}).",
    watch_improved: "Early stopping: a new best validation {metric}; this model is kept.",
    watch_waiting: "Early stopping: no better validation {metric}; {left} more evaluation(s) like this and training stops.",
    watch_on: "Early stopping watches validation {metric}.",
    speed: "Speed",
    steps_per_second: "Steps / s",
    examples_per_second: "Examples / s",
    phase_title: "Time per step, by phase:",
    phase_forward: "forward",
    phase_backward: "backward",
    phase_optimizer: "optimiser",
    phase_read: "read-back",
    speed_help_webgpu: "On WebGPU, forward, backward and optimiser only record the work for the GPU; the GPU does it while the read-back waits, so read-back holds most of the time. Averaged over the last second of training.",
    speed_help_cpu: "On the CPU backend each phase does its own work. Try a wider model or a bigger batch and watch which phase grows. Averaged over the last second of training.",
    cell_title: "True “{truth}”, answered “{answer}”",
    cell_loading: "Reading the validation answers…",
    cell_summary: "{total} answers at step {step}; showing {shown}, with the probability the model gave its answer.",
    cell_at_token: "position {n} (“{token}”)",
    cell_at_step: "character {n}",
    close: "Close",
    run: "run",
    run_training: "training",
    run_best_restored: "best model restored",
    run_finished: "finished",
    run_stopped: "stopped",
    score: "score",
    test_short: "test",
    compare_runs: "Compare runs",
    compare_metric: "Curve",
    compare_help: "Reset starts a new run; the last {max} runs stay here, named by what sets their settings apart. Score is validation accuracy, or R² for regression.",
    sweep_knob: "Sweep over",
    sweep: "Run sweep",
    sweep_status: "Sweep: run {n} of {total}",
    sweep_stop: "Stop after this run",
    sweep_help: "A sweep trains one fresh run per value of the chosen knob (everything else, the seed included, unchanged) for the set number of epochs, one after another, and overlays them above.",
    export_csv: "Export history (CSV)",
    clear_runs: "Forget earlier runs",
    present: "Presentation mode",
    share_link: "Copy link",
    share_help: "Copies a link that opens this page with every setting as it is now: the same seed and backend train the same run.",
    link_copied: "Link copied",
    link_copy_failed: "The browser did not allow copying; copy this link:",
    tour_replay: "Guided tour",
    guide_open: "Concepts",
    guide_title: "Concept guide",
    guide_close: "Close the concept guide",
    guide_contents: "All concepts",
    guide_more: "More…",
    show_me: "Show me",
    show_me_in: "Show me (opens the {} lesson)",
    show_me_hidden: "That part of the page is not shown here (it may be hidden in this classroom set-up).",
    challenges_title: "Challenges",
    challenge_hint: "Hint",
    challenge_more_hint: "Another hint",
    challenge_done: "Done!",
    predict_title: "Predict, then see",
    predict_prompt: "Before you train: which pattern do you expect a head to learn for this task? Pick one; the page compares it with the trained heads.",
    predict_which_translate: "Here the heads compared are the encoder's: how the tokens of the source date attend to each other. Where each written character looks in the source is the cross-attention map below, with its expected pattern outlined.",
    predict_which_multimodal: "Here the heads compared are the caption's self-attention: how its words attend to each other. Where each word looks in the picture is the cross-attention view below.",
    predict_wait: "Train at least {} steps, then the learned heads are compared with your pick.",
    predict_fits: "Your pick, “{guess}”, fits {head} best: {share} of its attention lies where the pattern puts it.",
    predict_closest: "Closest to what was learned: “{guess}” in {head} ({share}).",
    predict_right: "Your prediction describes the model.",
    predict_other: "The model learned something else: compare the two in the attention map.",
    tour_skip: "Skip",
    tour_next: "Next",
    tour_done: "Start",
    tour_lesson_title: "Pick a lesson",
    tour_lesson: "Each lesson is a task that attention has to solve: reading a sentence's sentiment, copying or reversing digits, translating a date, finding a shape in a picture…",
    tour_train_title: "Press Train",
    tour_train: "The model trains here, in your browser, on real tensors. Pause at any time, or take a single step.",
    tour_loss_title: "Watch the loss fall",
    tour_loss: "The training loss (solid) and the validation loss (dashed): the model's error on the examples it learns from, and on examples it never trains on.",
    tour_map_title: "See where it attends",
    tour_map: "Each row is a word asking “whom should I listen to?”; each cell is softmax(QKᵀ/√d), the weight it gives another word. Type your own sentence in the probe.",
    model_file: "Model file",
    model_file_help: "A model file holds the settings, vocabulary, training history and weights: load it here or on another computer to carry on.",
    save_model: "Save model",
    load_model: "Load model…",
    start_fresh: "Start fresh",
    start_fresh_help: "Forget the model, history and settings this browser keeps, and start an untrained model",
    model_kept: "Kept in this browser: step {step}",
    model_saved: "Saved {name}",
    model_loading: "Loading {name}…",
    model_loading_kept: "Loading the model this browser kept…",
    model_loaded: "Loaded {name} (step {step})",
    model_restored: "Your model is back as you left it (step {step})",
    model_fresh: "Started fresh: nothing is kept from before",
    file_foreign: "This is not a model file of Attention Playground. Nothing was changed.",
    file_truncated: "This model file is cut short (an interrupted download?). Nothing was changed.",
    file_newer: "This model file was written by a newer version (format {version}). Nothing was changed.",
    file_corrupt: "This model file is damaged. Nothing was changed.",
    load_vocabulary: "This model's vocabulary is not the one its lesson has in this version. Nothing was changed.",
    load_weights: "The weights in this file do not fit the model its settings describe. Nothing was changed.",
    load_other: "This model could not be loaded. Nothing was changed.",
    storage_failed: "The browser's storage is not available, so the model will not be kept between visits",
    train_loss_help: "mean of the last {n} steps",
    loss_summary: "validation loss {value}, {change}% since step 0",
    accuracy_summary: "validation accuracy {value}%",
    r2_summary: "validation R² {value}",
    no_training_yet: "no training yet",
    bits: "bits",
    use_lr: "Use learning rate {lr}",
    clip_at_one: "Clip gradients at 1",
    use_batch: "Use batch size {n}",
    details: "Details",
    copy_details: "Copy details",
};

pub const ZH: Text = Text {
    title: "注意力游乐场",
    tagline: "在浏览器里训练一个小型注意力模型，看它学会关注什么。",
    lesson: "课程",
    language: "语言",
    train: "训练",
    pause: "暂停",
    step: "单步",
    reset: "重置",
    steps: "步数",
    epoch: "轮次",
    train_loss: "训练损失",
    val_loss: "验证损失",
    val_accuracy: "验证准确率",
    loss_chart: "损失",
    accuracy_chart: "验证准确率",
    log_scale: "对数坐标",
    attention: "注意力",
    attention_help: "行 = 发出查询的字；列 = 被关注的字（键）。每一行之和为 1。",
    layer: "层",
    head: "头",
    query: "查询",
    key: "键",
    probe: "试一句话",
    probe_picture: "试一张图",
    probe_signal: "试一段信号",
    probe_help: "每个字的底色表示它在所选层和头中得到多少注意力。",
    probe_placeholder: "输入一条评价，例如：这本书不好",
    unknown_word: "不在词表中：按 <unk> 处理",
    truncated: "文本超出模型的最大长度，已截断。",
    probe_empty: "未输入文字：模型读的是本课自带的例子。",
    model: "模型",
    settings_title: "设置",
    training: "训练",
    d_model: "向量维度 d_model",
    n_heads: "头数",
    n_layers: "层数",
    d_ff: "前馈层宽度",
    positional: "位置编码",
    scaled: "分数除以 √d",
    scaled_help: "关闭时使用原文的公式 softmax(QKᵀ)V（不除以 √d）。分数过大时 softmax 接近独热分布，梯度变小。",
    optimizer: "优化器",
    lr: "学习率",
    schedule: "学习率调度",
    warmup: "预热（占整个训练的比例）",
    momentum: "动量",
    weight_decay: "权重衰减",
    clip: "梯度范数裁剪（0 = 关闭）",
    dropout: "随机丢弃",
    optimizer_help: "SGD 让每个权重沿梯度的反方向移动（动量保留一个滑动的方向）；Adam 按各权重近期梯度的大小调整步长；AdamW 是把权重衰减直接作用在权重上的 Adam。预热 + 余弦先把学习率从 0 升上去，再在最后一步降到 0。裁剪把每个权重张量的梯度缩放到不超过给定范数。随机丢弃在训练时随机把一部分注意力权重和残差输出置零（评估时从不）。",
    lr_now: "当前学习率",
    metrics_title: "验证集指标",
    metrics_help: "精确率：模型回答“k”的那些里，答对的比例。召回率：真实为 k 的那些里，模型找出的比例。F1 在两者之间取平衡。宏平均对每个类别一视同仁，不论多少。统计验证集上所有被提问的回答，每次验证后更新。",
    regression_metrics_help: "验证集上的误差，单位与课程本身一致：MSE 是均方误差（即标准化之前的损失），MAE 是平均绝对误差，R² 是模型解释的目标方差比例（1 为完美，0 表示不比总回答平均值更好）。",
    metrics_none: "这个课程输出的是数值（或类别太多，不便列表）：请看 MAE 与 R²，或损失。",
    class: "类别",
    precision: "精确率",
    recall: "召回率",
    support: "样本数",
    macro_average: "宏平均",
    truth_down_answer_across: "混淆矩阵：纵向为真实类别，横向为模型的回答",
    final_exam: "期末考试：测试集",
    final_exam_help: "测试集与一切隔离：既不参与训练，也不参与任何依据验证集做出的选择。只在最后评估一次；若用它来调参，它就成了第二个验证集，其分数也就不再能说明模型在未见过的数据上的表现。",
    evaluate_test: "在测试集上评估",
    test_loss: "测试损失",
    macro_f1: "宏平均 F1",
    test_evaluated: "已在第 {} 步评估过一次。重置（或新模型）后可再次考试。",
    batch_size: "批大小",
    epochs: "训练轮数",
    eval_every: "每隔多少步评估",
    seed: "随机种子",
    backend: "计算后端",
    backend_choosing: "选择中…",
    data_counts: "样本数：训练 / 验证 / 测试",
    finished: "完成：所有轮次已训练完。按“训练”继续。",
    notices: "链接中的部分设置已被调整：",
    dismiss: "关闭",
    worker_failed: "训练线程已停止",
    formula_intro: "每个字都变成查询 q、键 k 和值 v（Q = x̂W_Q + b_Q，K = x̂W_K + b_K，V = x̂W_V + b_V）。一个字的新向量是所有值的加权混合，权重取决于它的查询与每个键的匹配程度：",
    formula_seed: "原文写作 softmax(QKᵀ)V，没有除以 √d；关闭缩放即可按原文公式训练。",
    sentiment_title: "情感分析",
    sentiment_intro: "一条短评是正面、负面还是中性？只数好词坏词是不够的：“不好”是负面；“菜很差，但是服务很好”中，“但是”后面的部分决定结论。",
    sentiment_try: &[
        "输入“这部电影不好”，看看“好”关注哪个字。",
        "把位置编码设为“无”：模型还能分清“好但是差”和“差但是好”吗？",
        "关闭缩放，比较注意力变得有多尖锐。",
    ],
    classes: ["负面", "中性", "正面"],
    inside_title: "注意力内部",
    inside_intro: "下面的一切都是从你正在训练的模型实时算出来的，针对上面输入框里的句子。",
    as_table: "表格",
    replaying_step: "正在回放第 {} 步的注意力",
    more_terms: "项省略",
    weight: "权重",
    mean_row_max: "每行最大权重的平均值",
    with_sqrt: "除以 √d",
    without_sqrt: "原文公式（不除 √d）",
    entropy: "每行的熵",
    stage_x_first: "x = 词向量 + 位置编码",
    stage_x_later: "x = 第 {} 层的输出",
    stage_unscaled: "S，不做除法（原文公式）",
    qkv_title: "逐步计算",
    scale_toggle: "除以 √d_head",
    formula_is_models: "这正是模型所用的公式。",
    formula_what_if: "假设：用同样的 Q 和 K 计算另一个公式；模型本身用的是另一个。",
    head_is_off: "这个头已关闭：它的输出 O 在 W_O 混合各头之前被置零。",
    stage_normed: "x̂ = LayerNorm(x)",
    stage_q: "Q = x̂·W_Q + b_Q（本头的列）",
    stage_k: "K = x̂·W_K + b_K",
    stage_v: "V = x̂·W_V + b_V",
    stage_scores: "S = Q·Kᵀ",
    hover_a_score: "把鼠标移到某个分数上（或聚焦后用方向键），查看它背后的点积。",
    stage_mask: "掩码（1 = 可以关注）",
    mask_help: "掩码为 0 的位置在 softmax 前分数设为 −∞，权重为 0：因果掩码下的后文、局部窗口或跨步之外的键，以及填充（单个输入没有填充）。",
    stage_output: "O = A·V（本头的输出）",
    saturation_help: "不除以 √d 时，分数随 d 变大，softmax 趋于独热并且梯度消失；所以实际实现都会缩放。",
    head_view: "注意力头视图",
    heads_shown: "显示的头",
    head_view_help: "线把每个查询字词（左）连到它关注的键字词（右）；越粗权重越大。指向一个字词可只看它的线。",
    head_toggle_help: "关闭这个头，看看没有它时验证损失和准确率会变成多少（不会重新训练）。",
    head_on: "开",
    head_off: "关",
    ablation_none: "所有头都开着。关掉一个，看看模型有多依赖它。",
    heads_switched_off: "已关闭",
    not_retrained: "模型没有重新训练",
    model_view: "模型视图：每层 × 每个头",
    model_view_help: "点击缩略图，在整个页面上显示这个头。",
    heads_off_short: "部分头已关闭",
    snapshot: "快照",
    timeline: "注意力时间线",
    play: "播放",
    live: "实时",
    timeline_help: "训练时会保存注意力快照；拖动即可回放注意力模式如何形成。换一个句子会重新开始时间线。",
    of_variance: "的方差",
    embedding_map: "词向量地图",
    embedding_help: "每个字词的向量，用主成分分析（PCA）投影到二维。训练中，被模型同等看待的字词会靠在一起。",
    embedding_none_patches: "这一课没有可画的地图：它的词元不是从词表里查出的字词，而是像素小块，每块经同一个线性映射变成向量（另有一个学习得到的类别词元）。读字词的课程里，这里会画出词向量。",
    embedding_none_frames: "这一课没有可画的地图：它的词元不是从词表里查出的字词，而是信号的一帧帧片段，每帧经同一个线性映射变成向量（另有一个学习得到的类别词元）。读字词的课程里，这里会画出词向量。",
    saliency_for: "对预测类别的梯度 × 输入",
    saliency_title: "注意力与解释",
    attention_received: "得到的注意力",
    saliency_help: "橙色的字词把预测推向该类别，紫色的字词把它推离。",
    saliency_caution: "注意：注意力权重只说明某个头看向哪里，不说明模型为什么这样判断；其他头、其他层和 V 也起作用。把注意力当作解释之前，先和显著性对比一下。",
    word_groups: ["褒义", "贬义", "中性", "否定", "程度副词", "转折"],
    copy_title: "复制 / 平移",
    copy_intro: "在每个位置输出它左边一位的数字。注意力要学会“往回看一步”：热力图上应出现紧挨主对角线下方的一条斜线。只有位置编码能告诉一个词元它在哪里。",
    reverse_title: "倒序",
    reverse_intro: "把 8 个数字倒过来输出。位置 i 必须关注位置 7 − i：预期的模式是反对角线。注意力本身分不清位置，所以必须有位置编码。",
    expected_overlay: "显示预期模式",
    alignment: "对齐度（最佳头）",
    alignment_help: "对齐最好的那个头放在预期格子上的注意力比例（在验证集上平均）。",
    output: "输出",
    digits_placeholder: "输入数字，例如 3 1 4 1 5 9 2 6",
    digits_help: "每个数字、字母或符号是一个词元，有无空格均可。",
    charlm_help: "每个字符是一个词元，空格和换行也算（画作 ␣ 和 ↵）。",
    recommend_help: "每件购买的商品是一个词元：商品名之间用空格隔开。",
    copy_try: &[
        "把“位置编码”设为“无”再训练：斜线还在吗？",
        "比较 1 层和 2 层：对齐度要多少步才超过 0.8？",
        "输入 5 个数字：平移还成立吗？",
    ],
    reverse_try: &[
        "把“位置编码”设为“无”：损失降不下来。为什么没有位置信息注意力就无法倒序？",
        "在模型视图里关掉某些头：是哪个头在做倒序？",
        "比较可学习的位置编码和正弦位置编码。",
    ],
    sort_title: "排序",
    sort_intro: "把 8 个数字按从小到大输出。这次往哪里看取决于词元是什么，而不是它在哪里：位置 i 的查询要找到第 i 小的数字，不管它在哪个位置。",
    recall_title: "联想回忆",
    recall_intro: "先给出若干“键–值”对，最后给一个键：回答它的值（“a 3 c 7 e 1 g 4 c” → 7）。最后一个位置应关注相同的键和它后面的值——用注意力完成的查表。",
    recall_placeholder: "先写键值对再写一个键，例如 a 3 c 7 e 1 g 4 c",
    sort_try: &[
        "比较 1 层和 2 层：一层能排序吗？",
        "输入有重复数字的序列：查询看向哪里？",
        "看时间线：模式是一下子形成的吗？",
    ],
    recall_try: &[
        "在探针里换一个要问的键，看注意力怎样移动。",
        "把 2 层改成 1 层：为什么回忆变难了？",
        "在模型视图里关掉某些头：哪个头找到了值？",
    ],
    attention_pattern: "每个查询能看到哪些键",
    causal: "因果（不许偷看后文）",
    window: "局部窗口（0 = 全部）",
    stride: "跨步键（0 = 关）",
    pattern_help: "因果：查询只能看到自己和之前的词元，语言模型必须如此。窗口 w：只看距离不超过 w 的键（局部注意力）。跨步 s：另外每隔 s 个位置看一个键（稀疏注意力）；窗口为 0 时只看这些。被遮住的键在 softmax 前设为 −∞。",
    baseline: "同时训练一个不用注意力的基线",
    baseline_help: "同样的网络，但每个注意力权重固定为 1/（可见键数）：每个词元得到的是所有词元的简单平均，不管它们是什么。两条曲线之间的差距，就是学到的注意力带来的收益。",
    baseline_loss: "基线验证损失（无注意力）",
    baseline_accuracy: "基线准确率（无注意力）",
    induction_title: "归纳头",
    induction_intro: "预测下一个字母。每个序列都把一段随机字母重复一遍，所以重复开始后，上次跟在当前字母后面的那个字母就是答案。一个因果的两层模型靠两个头配合学会它：第 1 层的“前一词元头”（主对角线下方那条斜线），第 2 层的“归纳头”——它关注当前字母上次出现处的后一个位置。损失先停在平台上，两个头配合成功时突然下降。",
    induction_placeholder: "带重复的字母，例如 k d b m q f h d b m q f",
    induction_try: &[
        "看损失曲线：突然下降出现在哪一步？时间轴在那一步显示了什么？",
        "把层数设为 1 再训练：为什么一层做不到？",
        "关掉因果掩码：损失立刻下降。模型读到了什么？",
        "输入一个新的重复，例如 c a r p e j c a r p e：对从未一起出现过的字母，预测对吗？",
    ],
    val_mae: "验证平均绝对误差",
    val_r2: "验证 R²",
    r2_chart: "验证 R²",
    baseline_r2: "基线 R²（无注意力）",
    mae_help: "平均绝对误差：预测的数与真实值平均相差多少，单位与任务相同。",
    r2_help: "R² = 1 −（平方误差）/（目标的方差）：1 为完美，0 表示不比总是回答平均值更好。",
    predicted_number: "预测的数",
    regression_title: "回归（均方误差）",
    regression_intro: "输出一个数：所有紧跟在 + 号后面的数字之和（“3 + 5 2 + 7 1 4 + 2” → 5 + 7 + 2 = 14）。损失是均方误差，正如原文对回归任务的建议；页面还报告平均绝对误差和 R²。只有前面是 + 号的数字才算数，所以 + 号后的数字应回看前一个位置。",
    regression_placeholder: "数字和 + 号，例如 3 + 5 2 + 7 1 4 + 2",
    regression_try: &[
        "在探针里移动一个 +：预测的和会跟着变吗？",
        "把位置编码设为无：模型还能分辨哪个数字跟在 + 号后面吗？",
        "打开基线：不用注意力、只取词元平均，能做到多接近？",
    ],
    custom_title: "你自己的数据",
    custom_intro: "用你自己的文本训练：粘贴或上传“文本,标签”行。标签全是数字时做回归（均方误差），否则做分类，每个不同的标签是一类。词表由你的训练集构建——英文按词，中文按单字。在你提供数据之前，先用一份餐厅评论样例。",
    custom_try: &[
        "粘贴几十行你自己的数据，例如按主题标注的问题，然后点“用这些数据训练”。",
        "用数字作标签（例如星级评分）：课程变成回归，报告平均绝对误差和 R²。",
        "故意写错一行（没有标签）：页面会指出哪一行？",
    ],
    custom_data: "你的数据",
    custom_format: "每行一个样例：文本,标签（CSV；文本含逗号时加引号，\"像,这样\"）或 文本<TAB>标签（TSV）。首行若是 text,label 会被跳过。",
    custom_limits: "限制：{rows} 行，每条文本 {chars} 个字符；模型只读前 {tokens} 个词元。所有错误行都会列出，全部改正之前不会训练。",
    custom_apply: "用这些数据训练",
    custom_file: "或选择一个 CSV/TSV 文件",
    custom_refused: "未使用——请先改正这些行：",
    custom_training_on: "训练 / 验证 / 测试",
    custom_numbers: "数字：回归",
    custom_classes: "分类",
    charlm_title: "微型语言模型",
    charlm_intro: "预测下一个字：英文是童谣，中文是古诗，都已进入公有领域。模型是因果的：每个位置只能看到它之前的字，所以文本的每个位置都是一个训练样例。预测得好之后它就能写作：“采样”从预测的分布中抽一个字，接在后面，再重复。整首诗被分到验证集，所以验证损失表示模型在没见过的诗上表现如何：它先下降，随后在模型开始背诵那几首诗时上升——这就是过拟合。",
    charlm_placeholder: "一句诗的开头，例如 床前明月光，",
    charlm_try: &[
        "在训练前、训练 100 步后和训练结束时各采样一次：什么时候开始出现像样的句子？",
        "把温度设为 0.1，再设为 2：文本和候选条形图有什么变化？",
        "把 top-k 设为 1：模型总选最可能的字。为什么它开始重复？",
        "点击一个写出的字：它关注了前面哪些字？",
    ],
    temperature: "温度",
    top_k: "top-k（0 = 全部）",
    sample_len: "要写的字数",
    sample_title: "模型在写作",
    sample_help: "每个字都从模型的预测中抽取：logits ÷ 温度，只保留前 k 个，softmax，再做一次带种子的随机抽样。选中一个字，可以看到它是从哪些候选中抽出的，以及它的位置关注了哪里（最后一层，各头平均）。",
    sample_button: "采样",
    sample_looked_at: "写出“{token}”时模型看向哪里（写出的第 {n} 个字符）",
    sample_candidates: "候选（经过温度和 top-k 之后）",
    multitask_title: "多任务：情感与主题",
    multitask_intro: "一个共享编码器，两个输出头：每条评论既有情感，也有主题——决定性的那个分句在谈什么（电影、餐厅、书、音乐）。损失为 损失(情感) + w · 损失(主题)。两个任务需要同样的结构——“但是”之后的分句同时决定两者——所以编码器为两个头只学一次。",
    multitask_try: &[
        "把主题权重设为 0：主题头不再学习。情感会受影响吗？",
        "比较两条损失曲线：哪个任务先学会？",
        "输入“菜很差，但是电影很好”：两个头都跟随“但是”吗？",
    ],
    topic: "主题",
    topics: ["电影", "餐厅", "书", "音乐"],
    topic_accuracy: "主题准确率",
    sentiment_loss: "情感损失（验证）",
    topic_loss: "主题损失（验证）",
    task_weight: "主题损失权重 w",
    examples: "或选一个验证集样例",
    expected_answer: "数据给出的答案",
    translate_title: "带交叉注意力的翻译：日期",
    translate_intro: "编码器读入人们习惯写法的日期——“29 November 2026”“Nov 29, 2026”“2026年11月29日”“二〇二六年十一月二十九日”——解码器把它写成 ISO 格式 2026-11-29，一次写一个字符。每写一个字符前，解码器通过交叉注意力回看源句：Q 来自它已经写出的内容，K 和 V 来自编码后的源句。训练时喂给它真实的前一个字符（教师强制）；探针里让它读自己写的字符（贪心解码）。各字段的顺序和写法不同，所以每个输出数字都得自己找到来源：下面的对齐图显示它看了哪里。",
    translate_try: &[
        "训练后看交叉注意力图：年份的每一位是否看向源句中对应的那一位，月份的两位是否看向月份名？",
        "换一种格式输入日期，例如“July 4th, 1776”或“1776年7月4日”：各行的关注点会移到新位置吗？",
        "打开基线：同一个模型，但解码器只能看到源句的一个汇总向量（对每个词元权重相同）。比较曲线和两个译文：这个瓶颈正是注意力被发明的原因。",
        "逐个查看各个头：哪些头对齐了，其他头在做什么？",
    ],
    translate_placeholder: "一个日期，例如 1776年7月4日、4 July 1776 或 Jul 4, 1776",
    translate_help: "英文月份名、每个数字和每个汉字各是一个词元；年份范围 1800 到 2199。",
    translation: "译文（贪心解码）",
    without_attention: "没有注意力（只有一个汇总向量）",
    cross_attention: "交叉注意力：每个写出的字符看了哪里",
    cross_help: "行 = 解码器写出的字符；列 = 源句的词元。每行之和为 1。带框的格子是课程预期的关注点（年份的同一位、月份、日）。",
    cross_readout: "第 {step} 步写出“{out}”时看“{src}”：{w}",
    best_aligned_head: "对齐最好的头",
    mean_of_heads: "各头平均",
    shown_map: "图",
    alignment_of_map: "落在预期格子上的注意力",
    encoder_attention: "编码器自注意力（源句读它自己）",
    patches_title: "空间注意力：图中的形状",
    patches_intro: "一个小型视觉 Transformer：每张 12 × 12 的图被切成 16 个 3 × 3 像素的图块，每个图块经同一个线性映射变成向量，前面再加一个没有像素的类别词元。形状——方框、加号、叉、圆环或三角，可能在图中任何位置——从类别词元读出，而它只能靠关注各个图块来收集信息。零星的杂点是噪声。图上的橙色阴影就是类别词元的注意力：模型看了哪里（种子文章中的空间注意力）。",
    patches_try: &[
        "训练后观察阴影：类别词元是否关注形状所在的图块，而忽略杂点？",
        "自己画一个形状（点击像素）或把它挪个位置：注意力会跟着走吗？",
        "把位置编码设为无：模型看到的是一袋图块。它还能分清哪些形状？",
        "打开基线：类别词元得到的是所有图块（包括噪声）的简单平均。",
    ],
    shapes: ["方框", "加号", "叉", "圆环", "三角"],
    pixel_label: "像素 第 {r} 行，第 {c} 列",
    clear_image: "清空图片",
    image_help: "点击像素来画图。阴影：类别词元对每个图块的注意力（层和头在注意力图上选择）。",
    image_example: "图片",
    signal_title: "时间注意力：信号中的事件",
    signal_intro: "一段 64 个采样点的录音——缓慢的嗡嗡声加上噪声——在随机时刻含有一个事件：蜂鸣（稳定的高频音）、啁啾（音调上升的声音）或尖峰（三下短促的咔嗒声）。录音被切成 16 帧、每帧 4 个采样点；每帧变成一个向量，前面再加一个类别词元，就像语音模型把声音切成帧。事件类型从类别词元读出，它只能靠关注各帧在时间上找到事件。波形下方的橙色条带就是类别词元的注意力：模型在什么时候“听”（种子文章中语音的时间注意力）。",
    signal_try: &[
        "训练后观察条带：注意力是否落在事件所在的帧上，而跳过嗡嗡声？",
        "拖动事件的时间：注意力会跟着走吗？答案是否不变？",
        "把噪声调到超过训练时的范围（0.3）：注意力什么时候开始分散，答案什么时候出错？",
        "把位置编码设为无：模型听到的是打乱顺序的一袋帧。它还能分清啁啾（音调随时间上升）和蜂鸣吗？",
    ],
    events: ["蜂鸣", "啁啾", "尖峰"],
    signal_event: "事件",
    signal_position: "事件起点（采样点）",
    signal_noise: "噪声",
    signal_seed: "换一组噪声",
    signal_help: "移动事件或加入噪声。波形下方的条带：类别词元对每一帧的注意力（层和头在注意力图上选择）。",
    signal_example: "录音",
    recommend_title: "推荐：对购物记录的注意力",
    recommend_intro: "每一行是一位顾客最近的购买记录，从早到晚，来自四家店（摄影、户外、游戏、厨房）。大多数商品是单独买的，而且多在顾客最喜欢的那家店；少数商品买了之后很快会带来另一件——相机带来镜头、无人机带来螺旋桨、帐篷带来天幕、皮划艇带来船桨、游戏机带来手柄、键盘带来鼠标、水壶带来茶叶、炒锅带来锅铲。下一件购买就是其中最近一件所带来的商品，不管它之后又买了多少东西。模型是因果的，就像推荐系统读取历史那样：每个位置只能看到它之前的购买，答案在最后一个位置读出。评价指标是准确率（第一猜测）和前 5 命中率（正确商品在模型最可能的五个之中），推荐系统正是这样评估的。历史记录上的阴影是最后一个位置的注意力：推荐参考了哪些过去的购买（种子文章中对用户行为的注意力）。",
    recommend_try: &[
        "训练后看历史记录：最后一个位置是否关注相机（或帐篷……），而跳过其余商品？",
        "在第一件之后再放一件会带来其他商品的购买：推荐会换成较新的那一件吗？",
        "比较准确率和前 5 命中率：为什么后者总是不低于前者？",
        "关掉因果掩码或位置编码：模型还能分辨哪一件是最近买的吗？",
    ],
    recommend_placeholder: "购买记录，从早到晚，例如 登山靴 帐篷 马克杯 相机 营灯 马克杯",
    multimodal_title: "多模态：说明文字与图片相符吗？",
    multimodal_intro: "每个样本是一张很小的图片——3 × 2 个格子，里面有三个彩色图形——和一句说明，例如“红色圆形在蓝色方块左边”。一半的说明是对的；其余的错在一处：左右颠倒、两个图形的颜色互换，或者说了图中没有的颜色或形状。模型分别读取两种输入——说明读作词，图片读作 6 个图块（每格一个）——再用交叉注意力把它们连起来：每个词是查询，每个图块是键和值，于是每个词都在图片里寻找它所说的东西。然后各个词比较自己找到的内容，模型回答相符或不符。在图片下方点击一个词，就能看到它读取了哪些图块（种子文章中结合图像与文本的多模态注意力）。",
    multimodal_try: &[
        "训练后点击“红色”和“圆形”：它们找到红色圆形所在的格子了吗？哪个头做得最好？",
        "把说明里的颜色互换（“蓝色圆形在红色方块左边”）：词仍然找到各自的图形，但答案变了吗？",
        "在图片文字里把一个图形移到另一个格子（@ 后面的数字）：词的注意力会跟过去吗？",
        "把位置编码设为无：模型还能分清左右吗？",
    ],
    multimodal_placeholder: "说明 | 图片，例如 红色圆形在蓝色方块左边 | red-circle@1 blue-square@6",
    verdicts: ["相符", "不符"],
    colours: ["红色", "绿色", "蓝色", "黄色"],
    forms: ["圆形", "方块", "三角形"],
    multimodal_view: "图片与说明：每个词看了哪里",
    multimodal_help: "点击或聚焦一个词：它读取的格子会亮起来，最亮的读得最多（交叉注意力，所选的层和头）。表格给出每个词对每个格子的注意力；有边框的是该词所说图形所在的格子。",
    multimodal_word: "词",
    multimodal_patch: "格子",
    multimodal_shown: "显示的交叉注意力",
    val_hit_rate: "前 5 命中率",
    hit_rate_help: "正确商品在模型最可能的五个之中的验证答案所占比例",
    history: "历史记录：推荐看了哪里",
    history_help: "每件过去的购买，按最后一个位置对它的注意力着色（层和头在注意力图上选择）；★ 表示会带来另一件商品的购买。",
    recommended: "推荐的下一件（最可能的五个）",
    calls_for_another: "会带来另一件商品",
    position_label: "第 {} 个位置的词元",
    add_position: "+ 位置",
    remove_position: "− 位置",
    shuffle: "打乱",
    translate_baseline_help: "同一个编码器–解码器，但交叉注意力的权重固定为 1/(源句词元数)：解码器每一步读到的都是同一个源句汇总向量，就像注意力出现之前的翻译模型。两条曲线之间的差距就是交叉注意力带来的。",
    split: "数据划分",
    split_train: "训练集 %",
    split_val: "验证集 %",
    split_test: "测试集 %（其余部分）",
    split_counts: "训练 {train} · 验证 {val} · 测试 {test} 个样本",
    split_help: "样本按种子打乱后依次切分，因此同样的种子和比例总得到同样的三个集合，且互不重叠。模型从训练集学习；验证集用来指导你的选择和早停；测试集留给最后的考试。",
    early_stop: "早停",
    monitor: "监控指标",
    patience: "耐心（评估次数）",
    early_stop_help: "早停在每次评估后观察一个验证指标，并保存最好模型的副本。若该指标连续“耐心”次评估都没有改进，训练停止并恢复最好的模型；一轮训练结束时也会恢复最好的模型。",
    early_stopped: "在第 {at} 步提前停止：验证{metric}连续 {patience} 次评估没有改进。已恢复第 {best} 步的最好模型（{metric} {value}）。",
    best_restored: "训练结束；早停恢复了第 {best} 步的最好模型（{metric} {value}）。",
    watch_improved: "早停：验证{metric}创下新的最好值，保存此模型。",
    watch_waiting: "早停：验证{metric}没有改进；再有 {left} 次这样的评估，训练就会停止。",
    watch_on: "早停正在观察验证{metric}。",
    speed: "速度",
    steps_per_second: "步 / 秒",
    examples_per_second: "样本 / 秒",
    phase_title: "每步时间，按阶段：",
    phase_forward: "前向",
    phase_backward: "反向",
    phase_optimizer: "优化器",
    phase_read: "读回",
    speed_help_webgpu: "在 WebGPU 上，前向、反向和优化器阶段只是为 GPU 记录工作；GPU 在读回等待时才执行，所以大部分时间落在读回上。取最近一秒训练的平均。",
    speed_help_cpu: "在 CPU 后端上，每个阶段各自完成自己的计算。试试更宽的模型或更大的批次，看看哪个阶段变长。取最近一秒训练的平均。",
    cell_title: "真实为“{truth}”，回答为“{answer}”",
    cell_loading: "正在读取验证集的回答……",
    cell_summary: "第 {step} 步时共 {total} 个回答；显示 {shown} 个，以及模型给出该回答的概率。",
    cell_at_token: "第 {n} 个位置（“{token}”）",
    cell_at_step: "第 {n} 个字符",
    close: "关闭",
    run: "运行",
    run_training: "训练中",
    run_best_restored: "已恢复最好模型",
    run_finished: "已完成",
    run_stopped: "已停止",
    score: "得分",
    test_short: "测试",
    compare_runs: "比较运行",
    compare_metric: "曲线",
    compare_help: "“重置”开始新的一轮；最近 {max} 轮会留在这里，按设置的不同之处命名。得分为验证准确率，回归课为 R²。",
    sweep_knob: "扫描",
    sweep: "开始扫描",
    sweep_status: "扫描：第 {n} / {total} 轮",
    sweep_stop: "本轮后停止",
    sweep_help: "扫描为所选设置的每个取值各训练一轮新模型（其余一切包括种子都不变），按设定的轮数依次训练，并叠加显示在上方。",
    export_csv: "导出历史（CSV）",
    clear_runs: "清除之前的运行",
    present: "演示模式",
    share_link: "复制链接",
    share_help: "复制一个链接：打开后所有设置与现在相同；同样的种子和后端会训练出同样的结果。",
    link_copied: "链接已复制",
    link_copy_failed: "浏览器不允许复制；请手动复制此链接：",
    tour_replay: "导览",
    guide_open: "概念",
    guide_title: "概念指南",
    guide_close: "关闭概念指南",
    guide_contents: "全部概念",
    guide_more: "详细…",
    show_me: "指给我看",
    show_me_in: "指给我看（将打开“{}”课程）",
    show_me_hidden: "页面上没有显示这一部分（可能在这个课堂设置中被隐藏了）。",
    challenges_title: "挑战",
    challenge_hint: "提示",
    challenge_more_hint: "再给一个提示",
    challenge_done: "完成！",
    predict_title: "先预测，再验证",
    predict_prompt: "训练之前：你觉得在这个任务上，注意力头会学出哪种模式？选一个；页面会拿它和训练好的头比较。",
    predict_which_translate: "这里比较的是编码器的头：源日期的各个词元之间如何互相关注。每个写出的字符在源日期里看向哪里，见下方的交叉注意力图，图中框出了预期的模式。",
    predict_which_multimodal: "这里比较的是说明文字的自注意力：各个词之间如何互相关注。每个词在图片里看向哪里，见下方的交叉注意力视图。",
    predict_wait: "至少训练 {} 步之后，页面会把学到的头和你的选择进行比较。",
    predict_fits: "你选的“{guess}”与{head}最吻合：它有 {share} 的注意力落在这个模式所在的位置。",
    predict_closest: "最接近模型所学的是：{head}中的“{guess}”（{share}）。",
    predict_right: "你的预测说中了模型。",
    predict_other: "模型学到的是别的模式：在注意力图里对比一下。",
    tour_skip: "跳过",
    tour_next: "下一步",
    tour_done: "开始",
    tour_lesson_title: "选择一课",
    tour_lesson: "每一课都是一个需要注意力才能解决的任务：判断句子的情感、复制或倒序数字、翻译日期、在图片里找形状……",
    tour_train_title: "点击“训练”",
    tour_train: "模型就在你的浏览器里，用真实的张量训练。随时可以暂停，也可以单步训练。",
    tour_loss_title: "看损失下降",
    tour_loss: "训练损失（实线）和验证损失（虚线）：模型在学习用的样本上和从未训练过的样本上的误差。",
    tour_map_title: "看它关注哪里",
    tour_map: "每一行是一个词在问“我该听谁的？”；每个格子是 softmax(QKᵀ/√d)，即它给另一个词的权重。可以在探针里输入你自己的句子。",
    model_file: "模型文件",
    model_file_help: "模型文件包含设置、词表、训练历史和权重：在这里或另一台电脑上载入即可接着使用。",
    save_model: "保存模型",
    load_model: "载入模型…",
    start_fresh: "重新开始",
    start_fresh_help: "清除本浏览器保存的模型、历史和设置，从未训练的模型重新开始",
    model_kept: "已保存在本浏览器：第 {step} 步",
    model_saved: "已保存 {name}",
    model_loading: "正在载入 {name}…",
    model_loading_kept: "正在载入本浏览器保存的模型…",
    model_loaded: "已载入 {name}（第 {step} 步）",
    model_restored: "已恢复上次离开时的模型（第 {step} 步）",
    model_fresh: "已重新开始：之前保存的内容已清除",
    file_foreign: "这不是注意力游乐场的模型文件。未做任何更改。",
    file_truncated: "这个模型文件不完整（下载中断了？）。未做任何更改。",
    file_newer: "这个模型文件来自更新的版本（格式 {version}）。未做任何更改。",
    file_corrupt: "这个模型文件已损坏。未做任何更改。",
    load_vocabulary: "这个模型的词表与本版本中该课程的词表不同。未做任何更改。",
    load_weights: "文件中的权重与其设置描述的模型不符。未做任何更改。",
    load_other: "无法载入这个模型。未做任何更改。",
    storage_failed: "浏览器存储不可用，模型不会在两次访问之间保留",
    train_loss_help: "最近 {n} 步的平均值",
    loss_summary: "验证损失 {value}，较第 0 步变化 {change}%",
    accuracy_summary: "验证准确率 {value}%",
    r2_summary: "验证 R² {value}",
    no_training_yet: "尚未训练",
    bits: "比特",
    use_lr: "改用学习率 {lr}",
    clip_at_one: "把梯度裁剪到 1",
    use_batch: "改用批大小 {n}",
    details: "详细信息",
    copy_details: "复制详细信息",
};

pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// The name of a predict-then-see pattern.
pub fn guess_name(guess: Guess, lang: Lang) -> &'static str {
    let (en, zh) = match guess {
        Guess::Itself => ("itself", "看自己"),
        Guess::Previous => ("the token before", "看前一个"),
        Guess::Mirror => ("mirror", "镜像"),
        Guess::First => ("the first token", "看第一个"),
        Guess::OneWord => ("one word", "都看同一个词"),
        Guess::Even => ("spread evenly", "平均分散"),
    };
    if lang == Lang::Zh { zh } else { en }
}

pub fn lesson_name(lesson: LessonId, lang: Lang) -> &'static str {
    lesson_text(lesson, text(lang)).0
}

/// A lesson's title, explanation and things to try.
pub fn lesson_text(
    lesson: LessonId,
    t: &'static Text,
) -> (&'static str, &'static str, &'static [&'static str]) {
    match lesson {
        LessonId::Sentiment => (t.sentiment_title, t.sentiment_intro, t.sentiment_try),
        LessonId::Copy => (t.copy_title, t.copy_intro, t.copy_try),
        LessonId::Reverse => (t.reverse_title, t.reverse_intro, t.reverse_try),
        LessonId::Sort => (t.sort_title, t.sort_intro, t.sort_try),
        LessonId::Recall => (t.recall_title, t.recall_intro, t.recall_try),
        LessonId::Induction => (t.induction_title, t.induction_intro, t.induction_try),
        LessonId::Regression => (t.regression_title, t.regression_intro, t.regression_try),
        LessonId::Custom => (t.custom_title, t.custom_intro, t.custom_try),
        LessonId::CharLm => (t.charlm_title, t.charlm_intro, t.charlm_try),
        LessonId::MultiTask => (t.multitask_title, t.multitask_intro, t.multitask_try),
        LessonId::Translate => (t.translate_title, t.translate_intro, t.translate_try),
        LessonId::Patches => (t.patches_title, t.patches_intro, t.patches_try),
        LessonId::Signal => (t.signal_title, t.signal_intro, t.signal_try),
        LessonId::Recommend => (t.recommend_title, t.recommend_intro, t.recommend_try),
        LessonId::Multimodal => (t.multimodal_title, t.multimodal_intro, t.multimodal_try),
    }
}

pub fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Zh => "中文",
    }
}

pub fn positional_name(p: Positional, lang: Lang) -> &'static str {
    match (p, lang) {
        (Positional::Learned, Lang::En) => "learned",
        (Positional::Sinusoidal, Lang::En) => "sinusoidal",
        (Positional::None, Lang::En) => "none",
        (Positional::Learned, Lang::Zh) => "可学习",
        (Positional::Sinusoidal, Lang::Zh) => "正弦",
        (Positional::None, Lang::Zh) => "无",
    }
}

pub fn optimizer_name(o: OptimizerKind) -> &'static str {
    match o {
        OptimizerKind::Adam => "Adam",
        OptimizerKind::AdamW => "AdamW",
        OptimizerKind::Sgd => "SGD",
    }
}

pub fn schedule_name(s: Schedule, lang: Lang) -> &'static str {
    match (s, lang) {
        (Schedule::Constant, Lang::En) => "constant",
        (Schedule::Cosine, Lang::En) => "warm-up + cosine decay",
        (Schedule::Constant, Lang::Zh) => "恒定",
        (Schedule::Cosine, Lang::Zh) => "预热 + 余弦衰减",
    }
}

pub fn monitor_name(m: Monitor, lang: Lang) -> &'static str {
    match (m, lang) {
        (Monitor::Loss, Lang::En) => "loss",
        (Monitor::Score, Lang::En) => "accuracy (R² for regression)",
        (Monitor::F1, Lang::En) => "macro F1",
        (Monitor::Loss, Lang::Zh) => "损失",
        (Monitor::Score, Lang::Zh) => "准确率（回归为 R²）",
        (Monitor::F1, Lang::Zh) => "宏平均 F1",
    }
}

pub fn knob_name(k: Knob, lang: Lang) -> &'static str {
    match (k, lang) {
        (Knob::Lr, Lang::En) => "learning rate (÷10, ×1, ×10)",
        (Knob::Heads, Lang::En) => "heads (1, 2, 4)",
        (Knob::Layers, Lang::En) => "layers (1, 2, 3)",
        (Knob::Width, Lang::En) => "d_model (16, 32, 64)",
        (Knob::BatchSize, Lang::En) => "batch size (8, 32, 128)",
        (Knob::Scaled, Lang::En) => "scaled vs unscaled",
        (Knob::Positional, Lang::En) => "positional encoding",
        (Knob::Optimizer, Lang::En) => "optimiser (Adam, AdamW, SGD)",
        (Knob::Dropout, Lang::En) => "dropout (0, 0.1, 0.3)",
        (Knob::WeightDecay, Lang::En) => "weight decay (0, 0.01, 0.1)",
        (Knob::Lr, Lang::Zh) => "学习率（÷10、×1、×10）",
        (Knob::Heads, Lang::Zh) => "头数（1、2、4）",
        (Knob::Layers, Lang::Zh) => "层数（1、2、3）",
        (Knob::Width, Lang::Zh) => "d_model（16、32、64）",
        (Knob::BatchSize, Lang::Zh) => "批大小（8、32、128）",
        (Knob::Scaled, Lang::Zh) => "缩放与不缩放",
        (Knob::Positional, Lang::Zh) => "位置编码",
        (Knob::Optimizer, Lang::Zh) => "优化器（Adam、AdamW、SGD）",
        (Knob::Dropout, Lang::Zh) => "dropout（0、0.1、0.3）",
        (Knob::WeightDecay, Lang::Zh) => "权重衰减（0、0.01、0.1）",
    }
}

pub fn backend_name(b: BackendPreference, lang: Lang) -> &'static str {
    match (b, lang) {
        (BackendPreference::Auto, Lang::En) => "auto (fastest)",
        (BackendPreference::Auto, Lang::Zh) => "自动（选更快的）",
        (BackendPreference::Cpu, _) => "CPU",
        (BackendPreference::WebGpu, _) => "WebGPU",
    }
}

/// Why a backend trains, in the learner's language (the badge's tooltip and note).
pub fn backend_reason(info: &BackendInfo, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let missing = |why: &NoWebGpu| match (why, zh) {
        (NoWebGpu::NoApi, false) => "this browser has no navigator.gpu".to_string(),
        (NoWebGpu::NoApi, true) => "此浏览器不提供 WebGPU 接口".to_string(),
        (NoWebGpu::NoAdapter, false) => "the browser offers no WebGPU adapter".to_string(),
        (NoWebGpu::NoAdapter, true) => "浏览器没有可用的 WebGPU 适配器".to_string(),
        (NoWebGpu::Failed(detail), false) => format!("WebGPU initialisation failed: {detail}"),
        (NoWebGpu::Failed(_), true) => "WebGPU 初始化失败".to_string(),
        (NoWebGpu::NotInThisWorker, false) => concat!(
            "the page found no WebGPU adapter when it started and loaded the CPU trainer only; ",
            "reload to use WebGPU"
        )
        .to_string(),
        (NoWebGpu::NotInThisWorker, true) => {
            concat!("页面启动时没有找到 WebGPU 适配器，只加载了 CPU 训练程序；", "重新加载即可使用 WebGPU")
                .to_string()
        }
    };
    let reason = match (&info.reason, info.kind, zh) {
        (BackendReason::Chosen, BackendKind::Cpu, false) => "you chose the CPU backend".to_string(),
        (BackendReason::Chosen, BackendKind::Cpu, true) => "你选择了 CPU 后端".to_string(),
        (BackendReason::Chosen, BackendKind::WebGpu, false) => "you chose WebGPU".to_string(),
        (BackendReason::Chosen, BackendKind::WebGpu, true) => "你选择了 WebGPU".to_string(),
        (BackendReason::NoWebGpu { why, auto: false }, _, false) => {
            format!("WebGPU is not available ({}); using the CPU backend instead", missing(why))
        }
        (BackendReason::NoWebGpu { why, auto: false }, _, true) => {
            format!("WebGPU 不可用（{}），改用 CPU 后端", missing(why))
        }
        (BackendReason::NoWebGpu { why, auto: true }, _, false) => {
            format!("auto: WebGPU is not available ({})", missing(why))
        }
        (BackendReason::NoWebGpu { why, auto: true }, _, true) => {
            format!("自动：WebGPU 不可用（{}）", missing(why))
        }
        (BackendReason::Measured, kind, _) => {
            let (gpu, cpu) =
                info.measured.map(|m| (m.webgpu_ms_per_step, m.cpu_ms_per_step)).unwrap_or_default();
            match (kind, zh) {
                (BackendKind::WebGpu, false) => format!(
                    "auto: measured {gpu:.1} ms per step on WebGPU and {cpu:.1} ms on the CPU backend; WebGPU is faster here"
                ),
                (BackendKind::Cpu, false) => format!(
                    "auto: measured {gpu:.1} ms per step on WebGPU and {cpu:.1} ms on the CPU backend; the CPU backend is faster here"
                ),
                (BackendKind::WebGpu, true) => format!(
                    "自动：实测 WebGPU 每步 {gpu:.1} 毫秒，CPU 后端每步 {cpu:.1} 毫秒；这里 WebGPU 更快"
                ),
                (BackendKind::Cpu, true) => format!(
                    "自动：实测 WebGPU 每步 {gpu:.1} 毫秒，CPU 后端每步 {cpu:.1} 毫秒；这里 CPU 后端更快"
                ),
            }
        }
    };
    match (&info.adapter, zh) {
        (Some(a), false) => {
            format!(
                "{reason} — adapter: {}{}",
                a.name,
                if a.software { " (software fallback adapter)" } else { "" }
            )
        }
        (Some(a), true) => {
            format!("{reason} — 适配器：{}{}", a.name, if a.software { "（软件模拟适配器）" } else { "" })
        }
        (None, _) => reason,
    }
}

/// Class `i`'s name as the page shows it: the lesson's own classes in the page's language, the
/// learner's labels (and generated alphabets) as they are.
pub fn class_name(lesson: LessonId, t: &Text, ids: &[String], i: usize) -> String {
    let named = match lesson {
        LessonId::Sentiment | LessonId::MultiTask => t.classes.get(i).copied(),
        LessonId::Patches => t.shapes.get(i).copied(),
        LessonId::Signal => t.events.get(i).copied(),
        LessonId::Multimodal => t.verdicts.get(i).copied(),
        _ => None,
    };
    named.map(str::to_string).unwrap_or_else(|| ids.get(i).cloned().unwrap_or_else(|| "?".into()))
}

/// A setting the link asked for and the page changed, in the learner's language.
pub fn config_notice(notice: &ConfigNotice, lang: Lang) -> String {
    match (notice, lang) {
        (ConfigNotice::UnknownKey { key }, Lang::En) => format!("ignored unknown setting “{key}”"),
        (ConfigNotice::UnknownKey { key }, Lang::Zh) => format!("忽略了未知的设置“{key}”"),
        (ConfigNotice::Malformed { key, value }, Lang::En) => {
            format!("ignored “{key}={value}”: not a valid value")
        }
        (ConfigNotice::Malformed { key, value }, Lang::Zh) => format!("忽略了“{key}={value}”：不是有效的值"),
        (ConfigNotice::Clamped { key, from, to }, Lang::En) => {
            format!("{key}: {from} is out of range, using {to}")
        }
        (ConfigNotice::Clamped { key, from, to }, Lang::Zh) => format!("{key}：{from} 超出范围，改用 {to}"),
    }
}

/// Why the learner's data (or one line of it) was refused. English follows the errors' own
/// wording; the reasons a file reader or the CSV reader gives stay as they were given.
pub fn data_error(error: &DataError, lang: Lang) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    match error {
        DataError::File { reason } => format!("无法读取文件：{reason}"),
        DataError::TooBig { bytes } => format!("数据有 {bytes} 字节，上限是 {MAX_BYTES}"),
        DataError::NotUtf8 { line } => {
            format!("数据不是 UTF-8 文本（第 {line} 行有无法识别的字节）；请另存为 UTF-8")
        }
        DataError::Empty => "没有数据行：每行写一条“文本,标签”".into(),
        DataError::Ragged { line, found } => {
            format!("第 {line} 行：应有 2 个字段（文本、标签），实际有 {found} 个")
        }
        DataError::EmptyText { line } => format!("第 {line} 行：文本为空"),
        DataError::EmptyLabel { line } => format!("第 {line} 行：标签为空"),
        DataError::TooLong { line, chars } => {
            format!("第 {line} 行：文本有 {chars} 个字符，上限是 {MAX_CHARS}")
        }
        DataError::Unreadable { line, reason } => format!("第 {line} 行：{reason}"),
        DataError::TooManyRows { rows } => format!("有 {rows} 行数据，上限是 {MAX_ROWS}"),
        DataError::TooFewRows { rows } => {
            format!("只有 {rows} 行数据；按 70/15/15 划分至少需要 {MIN_ROWS} 行")
        }
        DataError::TooManyClasses { classes } => {
            format!("有 {classes} 种不同的标签，上限是 {MAX_CLASSES}（标签全是数字则为回归任务）")
        }
        DataError::OneClass { label } => format!("所有标签都是“{label}”：分类至少需要两种标签"),
    }
}

/// Why a number field shows another value than the one typed.
pub fn field_problem(problem: &FieldProblem, label: &str, min: f64, max: f64, lang: Lang) -> String {
    match (problem, lang) {
        (FieldProblem::NotANumber { kept }, Lang::En) => {
            format!("{label}: enter a number from {min} to {max}; {kept} is kept.")
        }
        (FieldProblem::NotANumber { kept }, Lang::Zh) => {
            format!("{label}：请输入 {min} 到 {max} 之间的数；保留 {kept}。")
        }
        (FieldProblem::Adjusted { typed, kept }, Lang::En) => {
            format!("{label}: {typed} is not possible here (from {min} to {max}); using {kept}.")
        }
        (FieldProblem::Adjusted { typed, kept }, Lang::Zh) => {
            format!("{label}：{typed} 不可用（范围 {min} 到 {max}）；改用 {kept}。")
        }
    }
}

/// Why the probe text could not be read (the last reading stays on screen).
pub fn probe_problem(problem: &ProbeProblem, lang: Lang) -> String {
    match (problem, lang) {
        (ProbeProblem::NothingToRead, Lang::En) => {
            "Nothing here the model can read: type words (or characters) of the lesson; the last reading stays.".into()
        }
        (ProbeProblem::NothingToRead, Lang::Zh) => "这里没有模型能读的内容：请输入本课的词（或字）；上一次的结果保留。".into(),
        (ProbeProblem::NotAnInput(InputError::Image(why)), lang) => image_problem(why, lang),
        (ProbeProblem::NotAnInput(InputError::Signal(why)), lang) => signal_problem(why, lang),
        (ProbeProblem::NotAnInput(InputError::Picture(why)), lang) => picture_problem(why, lang),
        (ProbeProblem::Failed(why), Lang::En) => format!("The model could not read this: {why}"),
        (ProbeProblem::Failed(why), Lang::Zh) => format!("模型无法读取：{why}"),
    }
}

fn picture_problem(why: &PictureError, lang: Lang) -> String {
    match (why, lang) {
        (PictureError::NoPicture, Lang::En) => {
            "No picture: write the caption, a bar |, then the picture, e.g. red-circle@1 blue-square@6."
                .into()
        }
        (PictureError::NoPicture, Lang::Zh) => {
            "没有图片：先写说明，再写竖线 |，然后写图片，例如 red-circle@1 blue-square@6。".into()
        }
        (PictureError::Term(t), Lang::En) => {
            format!("Not a picture: “{t}” is not a shape; write colour-shape@cell, e.g. red-circle@1.")
        }
        (PictureError::Term(t), Lang::Zh) => {
            format!("这不是图片：“{t}”不是图形；请写 颜色-形状@格子，例如 red-circle@1。")
        }
        (PictureError::Colour(c), Lang::En) => {
            format!("Not a picture: “{c}” is not a colour; the colours are red, green, blue and yellow.")
        }
        (PictureError::Colour(c), Lang::Zh) => {
            format!("这不是图片：“{c}”不是颜色；颜色有 red、green、blue、yellow。")
        }
        (PictureError::Shape(f), Lang::En) => {
            format!("Not a picture: “{f}” is not a shape; the shapes are circle, square and triangle.")
        }
        (PictureError::Shape(f), Lang::Zh) => {
            format!("这不是图片：“{f}”不是形状；形状有 circle、square、triangle。")
        }
        (PictureError::Cell(c), Lang::En) => {
            format!("Not a picture: the cells are numbered 1 to 6, not “{c}”.")
        }
        (PictureError::Cell(c), Lang::Zh) => format!("这不是图片：格子编号是 1 到 6，不是“{c}”。"),
        (PictureError::Taken(c), Lang::En) => format!("Not a picture: cell {c} holds two shapes."),
        (PictureError::Taken(c), Lang::Zh) => format!("这不是图片：格子 {c} 里有两个图形。"),
    }
}

fn image_problem(why: &ImageError, lang: Lang) -> String {
    match (why, lang) {
        (ImageError::Length(n), Lang::En) => {
            format!("Not an image: a picture is 12 rows of 3 hexadecimal digits (36 in all), this has {n}.")
        }
        (ImageError::Length(n), Lang::Zh) => {
            format!("这不是图像：一幅图是 12 行、每行 3 个十六进制数字（共 36 个），这里有 {n} 个。")
        }
        (ImageError::NotHex(c), Lang::En) => {
            format!("Not an image: “{c}” is not a hexadecimal digit (0–9, a–f).")
        }
        (ImageError::NotHex(c), Lang::Zh) => format!("这不是图像：“{c}”不是十六进制数字（0–9、a–f）。"),
    }
}

fn signal_problem(why: &SignalError, lang: Lang) -> String {
    match (why, lang) {
        (SignalError::Term(t), Lang::En) => {
            format!(
                "Not a signal: “{t}” is not part of one. Write events such as beep@20, and noise=0.1 or seed=3."
            )
        }
        (SignalError::Term(t), Lang::Zh) => {
            format!("这不是信号：“{t}”不是信号的一部分。请写事件（如 beep@20），以及 noise=0.1 或 seed=3。")
        }
        (SignalError::Kind(k), Lang::En) => {
            format!("Not a signal: “{k}” is not an event; the events are beep, chirp and spikes.")
        }
        (SignalError::Kind(k), Lang::Zh) => {
            format!("这不是信号：“{k}”不是事件；事件有 beep（蜂鸣）、chirp（啁啾）和 spikes（尖峰）。")
        }
        (SignalError::Start(s), Lang::En) => {
            format!("Not a signal: an event starts at a sample from 0 to 52, not “{s}”.")
        }
        (SignalError::Start(s), Lang::Zh) => {
            format!("这不是信号：事件的起点是第 0 到 52 个采样点，不是“{s}”。")
        }
        (SignalError::Noise(n), Lang::En) => {
            format!("Not a signal: the noise is a number from 0 to 1, not “{n}”.")
        }
        (SignalError::Noise(n), Lang::Zh) => format!("这不是信号：噪声是 0 到 1 之间的数，不是“{n}”。"),
        (SignalError::Seed(s), Lang::En) => format!("Not a signal: the seed is a whole number, not “{s}”."),
        (SignalError::Seed(s), Lang::Zh) => format!("这不是信号：种子是非负整数，不是“{s}”。"),
    }
}

/// A loss as a notice quotes it: `NaN`, `∞`, `3.2e12` or `2.718`.
fn loss_words(loss: f32) -> String {
    match loss {
        l if l.is_nan() => "NaN".into(),
        l if l.is_infinite() => if l > 0.0 { "∞" } else { "−∞" }.into(),
        l if l.abs() >= 1e4 => format!("{l:.1e}"),
        l => format!("{l:.3}"),
    }
}

/// What happened to the run and what the page did about it, then what to try.
pub fn notice_text(notice: &Notice, lang: Lang) -> (String, String) {
    match *notice {
        Notice::Diverged { step, loss, restored, baseline, lr } => {
            let loss = loss_words(loss);
            let what = match (baseline, lang) {
                (false, Lang::En) => format!(
                    "Training diverged at step {step}: the loss became {loss}. The model is back at its weights of step {restored}, and training has paused."
                ),
                (false, Lang::Zh) => format!(
                    "训练在第 {step} 步发散：损失变成了 {loss}。模型已退回第 {restored} 步的权重，训练已暂停。"
                ),
                (true, Lang::En) => format!(
                    "The attention-free baseline diverged at step {step} (its loss became {loss}). It is back at its weights of step {restored}, and training has paused."
                ),
                (true, Lang::Zh) => format!(
                    "无注意力基线在第 {step} 步发散（损失变成了 {loss}）。它已退回第 {restored} 步的权重，训练已暂停。"
                ),
            };
            let advice = match lang {
                Lang::En => format!(
                    "A learning rate of {lr} makes the updates so large that the weights overshoot and grow without bound. Try a smaller rate, or clip the gradients, then press Train."
                ),
                Lang::Zh => format!(
                    "学习率 {lr} 让每次更新太大，权重越过最低点后越来越大。试试更小的学习率，或裁剪梯度，然后再按“训练”。"
                ),
            };
            (what, advice)
        }
    }
}

/// The model's size, for the line under the model's settings: parameters, then the memory
/// training needs and what the backend allows.
pub fn size_text(report: &SizeReport, lang: Lang) -> String {
    let params = crate::numbers::count(report.footprint.params, lang);
    let need = human_bytes(report.footprint.bytes());
    let allowed = human_bytes(report.budget().total);
    let backend = report.backend.label();
    match lang {
        Lang::En => format!(
            "{params} parameters · about {need} of memory while training ({backend} here: up to {allowed})"
        ),
        Lang::Zh => format!("{params} 个参数 · 训练时约需 {need} 内存（此处 {backend} 最多 {allowed}）"),
    }
}

/// Why a model too big for its backend is not trained, then what to try.
pub fn too_big_text(report: &SizeReport, why: TooBig, lang: Lang) -> (String, String) {
    let backend = report.backend.label();
    let batch = report.footprint.batch;
    let fits = report.largest_batch();
    // What is over the limit: the whole model, or its largest tensor in one GPU buffer.
    let (need, allowed, buffer) = match why {
        TooBig::Total { need, allowed } => (need, allowed, false),
        TooBig::Buffer { need, allowed } => (need, allowed, true),
    };
    let (need, allowed) = (human_bytes(need), human_bytes(allowed));
    let what = match (lang, buffer) {
        (Lang::En, false) => format!("it needs about {need} of memory, and {backend} allows {allowed}"),
        (Lang::En, true) => {
            format!("one of its tensors takes {need}, and {backend} allows {allowed} in one buffer")
        }
        (Lang::Zh, false) => format!("约需 {need} 内存，而 {backend} 最多允许 {allowed}"),
        (Lang::Zh, true) => format!("，其中一个张量占 {need}，而 {backend} 单个缓冲区最多允许 {allowed}"),
    };
    let what = match lang {
        Lang::En => format!(
            "This model is too big to train on {backend} here: with {batch} examples per batch {what}. Training is off until it fits."
        ),
        Lang::Zh => format!(
            "这个模型太大，无法在此处的 {backend} 上训练：每批 {batch} 个样本时{what}。在它放得下之前，训练已关闭。"
        ),
    };
    let advice = match lang {
        Lang::En => format!(
            "Memory grows with the batch size, d_model, d_ff, the number of layers and, for the attention weights, with heads × length². A batch of {fits} fits; or make the model smaller."
        ),
        Lang::Zh => format!(
            "内存随批大小、d_model、d_ff、层数增长，注意力权重还随“头数 × 长度²”增长。批大小 {fits} 放得下；也可以把模型改小。"
        ),
    };
    (what, advice)
}

/// The training worker died and a fresh one carries on: what happened and where it carries on.
pub fn recovered_text(recovered: &Recovered, lang: Lang) -> String {
    let what = match (recovered.to_cpu, lang) {
        (true, Lang::En) => {
            "The GPU stopped working during training (WebGPU failed), so training moved to the CPU."
        }
        (true, Lang::Zh) => "训练中 GPU 停止了工作（WebGPU 出错），训练已改到 CPU 上。",
        (false, Lang::En) => "The training worker stopped unexpectedly and was restarted.",
        (false, Lang::Zh) => "训练进程意外停止，已重新启动。",
    };
    let from = match (recovered.step, lang) {
        (Some(step), Lang::En) => {
            format!("The model carries on from the copy kept in this browser at step {step}.")
        }
        (Some(step), Lang::Zh) => format!("模型从浏览器中保存的第 {step} 步副本继续。"),
        (None, Lang::En) => "No copy of the model had been kept yet, so it starts over.".to_string(),
        (None, Lang::Zh) => "此前还没有保存模型副本，所以从头开始。".to_string(),
    };
    format!("{what} {from}")
}
