//! The concept guide's words: each entry's title, one-line hint and paragraphs, in English and
//! Simplified Chinese. Every claim is meant to match what the code computes and the views the
//! page shows (named as the interface names them in `ui/text.rs`).

use super::{ConceptId, Words};
use crate::config::Lang;

pub(super) fn of(id: ConceptId, lang: Lang) -> &'static Words {
    match (id, lang) {
        (ConceptId::Attention, Lang::En) => &ATTENTION_EN,
        (ConceptId::Attention, Lang::Zh) => &ATTENTION_ZH,
        (ConceptId::Qkv, Lang::En) => &QKV_EN,
        (ConceptId::Qkv, Lang::Zh) => &QKV_ZH,
        (ConceptId::Softmax, Lang::En) => &SOFTMAX_EN,
        (ConceptId::Softmax, Lang::Zh) => &SOFTMAX_ZH,
        (ConceptId::Scaling, Lang::En) => &SCALING_EN,
        (ConceptId::Scaling, Lang::Zh) => &SCALING_ZH,
        (ConceptId::SelfAttention, Lang::En) => &SELF_ATTENTION_EN,
        (ConceptId::SelfAttention, Lang::Zh) => &SELF_ATTENTION_ZH,
        (ConceptId::CrossAttention, Lang::En) => &CROSS_ATTENTION_EN,
        (ConceptId::CrossAttention, Lang::Zh) => &CROSS_ATTENTION_ZH,
        (ConceptId::MultiHead, Lang::En) => &MULTI_HEAD_EN,
        (ConceptId::MultiHead, Lang::Zh) => &MULTI_HEAD_ZH,
        (ConceptId::PositionalEncoding, Lang::En) => &POSITIONAL_EN,
        (ConceptId::PositionalEncoding, Lang::Zh) => &POSITIONAL_ZH,
        (ConceptId::Mask, Lang::En) => &MASK_EN,
        (ConceptId::Mask, Lang::Zh) => &MASK_ZH,
        (ConceptId::LocalAttention, Lang::En) => &LOCAL_ATTENTION_EN,
        (ConceptId::LocalAttention, Lang::Zh) => &LOCAL_ATTENTION_ZH,
        (ConceptId::Loss, Lang::En) => &LOSS_EN,
        (ConceptId::Loss, Lang::Zh) => &LOSS_ZH,
        (ConceptId::Optimizer, Lang::En) => &OPTIMIZER_EN,
        (ConceptId::Optimizer, Lang::Zh) => &OPTIMIZER_ZH,
        (ConceptId::Overfitting, Lang::En) => &OVERFITTING_EN,
        (ConceptId::Overfitting, Lang::Zh) => &OVERFITTING_ZH,
        (ConceptId::Interpretability, Lang::En) => &INTERPRETABILITY_EN,
        (ConceptId::Interpretability, Lang::Zh) => &INTERPRETABILITY_ZH,
    }
}

const ATTENTION_EN: Words = Words {
    title: "Attention",
    line: "Each token's new vector is a weighted mix of the tokens it sees; the weights are ≥ 0 and sum to \
          1.",
    body: &[
        "A model has limited capacity, so it pays to concentrate on the parts of the input that matter for \
         the task; the seed article describes attention as focusing resources on the key features. \
         Attention does it with numbers: for every token it computes one weight per key it can see, each \
         between 0 and 1 and all summing to 1, and the token's new vector is the weighted average of those \
         keys' values (the formula above).",
        "The Attention map shows these weights for the sentence under Try a sentence: a row is the token \
         that asks (the query), a column is the token it looks at (the key), and each row sums to 1. Choose \
         a Layer and a Head above the map and point at a cell to read its exact weight. Before training the \
         weights are spread fairly evenly; watch them concentrate as the model learns.",
        "Is attention worth having? Under Which keys each query sees, tick “train an attention-free \
         baseline beside it”: the same network is trained with every weight fixed at 1/(number of keys \
         seen), so each token just gets the plain average. The gap between the two curves in the Loss and \
         Validation accuracy charts is what learned attention adds.",
    ],
};

const ATTENTION_ZH: Words = Words {
    title: "注意力",
    line: "每个词元的新向量是它能看到的词元的加权混合；权重不小于 0，且每行之和为 1。",
    body: &[
        "模型的能力有限，与其平均用力，不如把精力放在对任务要紧的部分；原文把注意力描述为把资源集中到关键特\
         征上。注意力用数字来做到这一点：对每个词元，它给自己能看到的每个键算一个 0 到 1 之间的权重，权重总\
         和为 1；这个词元的新向量，就是这些键对应的值按权重求出的平均（见上面的公式）。",
        "“注意力”热力图显示“试一句话”中那句话的这些权重：行是发出询问的词元（查询），列是被看的词元（键），\
         每行之和为 1。在图上方选择“层”和“头”，把鼠标移到格子上即可读出精确的权重。训练前权重分布得比较平\
         均；训练过程中可以看到它们逐渐集中。",
        "注意力到底有没有用？在“每个查询能看到哪些键”下勾选“同时训练一个不用注意力的基线”：同样的网络，但每\
         个权重都固定为 1/（可见键数），每个词元得到的只是简单平均。“损失”和“验证准确率”两张图中两条曲线的差\
         距，就是学到的注意力带来的收益。",
    ],
};

const QKV_EN: Words = Words {
    title: "Query, key, value",
    line: "Three learned linear maps of each token vector: what it looks for (Q), how it is found (K), what \
          it gives (V).",
    body: &[
        "Before attending, every token vector x is normalised (x̂ = LayerNorm(x): each block here \
         normalises first) and then passed through three separate linear layers, each with its own weights \
         and bias: the formula above. The query says what this token is looking for, the key says what it \
         can be found by, and the value is what it hands over to whoever attends to it. All three are \
         learned in training.",
        "The seed article writes Q = x·W_Q, without the LayerNorm and the bias b_Q; neither changes the \
         idea. Each of W_Q, W_K and W_V maps d_model features to d_model features, and every head then \
         takes its own block of d_head of those columns (see Multi-head attention).",
        "Under Inside attention, the Step by step panel shows x, x̂ and then the Q, K and V matrices of the \
         chosen layer and head for your sentence, one row per token. Point at a score in S = Q·Kᵀ: the row \
         of Q and the row of K that produced it light up, and the dot product is written out term by term \
         below.",
    ],
};

const QKV_ZH: Words = Words {
    title: "查询、键、值",
    line: "同一个词元向量经过三个可学习的线性映射：要找什么（Q）、凭什么被找到（K）、交出什么（V）。",
    body: &[
        "做注意力之前，每个词元向量 x 先做层归一化（x̂ = LayerNorm(x)，这里的每个块都先归一化），再分别经过\
         三个线性层，各有自己的权重和偏置，即上面的公式。查询表示这个词元在找什么，键表示它凭什么被别人找\
         到，值是它被关注时交出去的内容。三者都是在训练中学出来的。",
        "原文写作 Q = x·W_Q，没有 LayerNorm，也没有偏置 b_Q；这两样都不改变基本思想。W_Q、W_K、W_V 都把 \
         d_model 个特征映射成 d_model 个特征，随后每个头各取其中属于自己的 d_head 列（见“多头注意力”）。",
        "在“注意力内部”的“逐步计算”面板里，可以看到所选层和头针对你的句子算出的 x、x̂，以及 Q、K、V 三个矩\
         阵，每个词元一行。把鼠标移到 S = Q·Kᵀ 的某个分数上：产生它的那一行 Q 和那一行 K 会高亮，下方会逐项\
         写出这个点积。",
    ],
};

const SOFTMAX_EN: Words = Words {
    title: "Softmax",
    line: "Turns a row of scores into weights: exponentiate, divide by the sum. Larger scores win \
          disproportionately.",
    body: &[
        "Scores can be any real numbers; weights must be positive and sum to 1. Softmax (the formula above) \
         raises e to each score and divides by the row's total. The order is kept but differences are \
         exaggerated: a score 2 higher gets e² ≈ 7.4 times the weight. Adding the same number to every \
         score of a row changes nothing, and a score of −∞ gets a weight of exactly 0.",
        "In the Step by step panel, compare a row of the scaled scores S / √d_head with the same row of A = \
         softmax(S / √d) further down: each row of A is the softmax of that row. Point at a cell of A to \
         see the score it came from and its weight. Softmax runs over the keys, so each row sums to 1, not \
         each column.",
        "Softmax also turns a model's output scores into probabilities. In the Tiny language model lesson, \
         the scores for the next character are divided by the temperature and passed through softmax before \
         a character is drawn: a low temperature sharpens the choice, a high one flattens it. Dividing \
         attention scores by √d_head acts like a temperature of √d_head.",
    ],
};

const SOFTMAX_ZH: Words = Words {
    title: "softmax 函数",
    line: "把一行分数变成权重：先取指数，再除以总和。分数越高，得到的权重越不成比例地大。",
    body: &[
        "分数可以是任意实数，而权重必须为正且总和为 1。Softmax（上面的公式）对每个分数取 e 的幂，再除以这一\
         行的总和。大小顺序不变，但差距被放大：分数高 2，权重就是 e² ≈ 7.4 倍。给一行的所有分数加上同一个\
         数，结果不变；分数为 −∞ 的键，权重恰好为 0。",
        "在“逐步计算”面板中，把缩放后的分数 S / √d_head 的某一行，与下方 A = softmax(S / √d) 的同一行对照：A \
         的每一行都是上面那一行的 softmax。把鼠标移到 A 的格子上，可以看到它来自哪个分数、权重是多少。\
         softmax 沿着键的方向计算，所以是每行之和为 1，而不是每列。",
        "模型输出的分数也要经过 softmax 才变成概率。在“微型语言模型”一课里，下一个字的分数先除以温度，再经过 \
         softmax，然后才抽出一个字：温度低，选择更集中；温度高，选择更平均。把注意力分数除以 √d_head，作用就\
         相当于温度取 √d_head。",
    ],
};

const SCALING_EN: Words = Words {
    title: "Scaling (÷√d)",
    line: "Divide Q·Kᵀ by √d_head to keep scores moderate; the seed article leaves this out, and the page \
          runs both.",
    body: &[
        "The seed article writes softmax(Q·Kᵀ)·V with no division. “Attention Is All You Need” (Vaswani et \
         al., 2017) divides the scores by √d_head, and so do most implementations. The reason: if the \
         d_head terms of a dot product are independent with mean 0 and variance 1, their sum has variance \
         d_head. With a large d_head the scores are large, softmax saturates into almost one-hot rows, and \
         its gradients nearly vanish. Dividing by √d_head brings the variance back to about 1.",
        "The page runs both formulas. The model setting “Scale scores by 1/√d” decides how the model \
         trains. The “divide by √d_head” switch in the Step by step panel only recomputes the chosen head \
         from the same Q and K with the other formula, as a what-if; nothing is retrained. Below the \
         weights, compare “Largest weight per row, on average” and “Entropy per row” for the two.",
        "To see the effect on training, choose “scaled vs unscaled” under Sweep over in Compare runs, or \
         switch the setting off and train again. With the default d_model of 32 and 2 heads, d_head is 16 \
         and the divisor only 4; a larger d_model or fewer heads makes the difference bigger.",
    ],
};

const SCALING_ZH: Words = Words {
    title: "缩放（÷√d）",
    line: "把 Q·Kᵀ 除以 √d_head，让分数保持适中；原文省略了这一步，本页两种都能运行。",
    body: &[
        "原文写的是 softmax(Q·Kᵀ)·V，没有除法；而《Attention Is All You Need》（Vaswani 等，2017）把分数除以 \
         √d_head，大多数实现也都这样做。原因是：如果点积中的 d_head 项相互独立、均值为 0、方差为 1，它们之和\
         的方差就是 d_head。d_head 大时分数也大，softmax 趋于饱和，各行几乎成为独热分布，梯度几乎消失。除以 \
         √d_head 之后，方差又回到 1 左右。",
        "本页两种公式都能运行。模型设置“分数除以 √d”决定模型怎样训练。“逐步计算”面板里的“除以 √d_head”开关只\
         是用同样的 Q 和 K、按另一个公式重新计算所选的头，作为假设对照，并不重新训练。在权重矩阵下方，比较两\
         种公式的“每行最大权重的平均值”和“每行的熵”。",
        "想看对训练的影响，可以在“比较运行”的“扫描”中选择“缩放与不缩放”，或者关闭这个设置再训练一次。默认 \
         d_model 为 32、2 个头，d_head 为 16，除数只有 4；增大 d_model 或减少头数，差别会更明显。",
    ],
};

const SELF_ATTENTION_EN: Words = Words {
    title: "Self-attention",
    line: "Queries, keys and values all come from the same sequence: each token reads the others of its own \
          input.",
    body: &[
        "In self-attention the queries, keys and values are all computed from the same tokens (the formula \
         above). Each token asks its own sentence which words matter to it, so “good” can discover the \
         “not” in front of it. Stacked layers build on each other: layer 2 attends over vectors that \
         already carry the context gathered in layer 1.",
        "The Head view draws it: the sentence twice, queries on the left and keys on the right, with a line \
         for each pair, thicker for a larger weight, one colour per head. Point at a word to keep only its \
         lines, and show or hide heads with the Head 1, Head 2… switches above. In the Sentiment lesson, \
         type “the movie was not good” and follow the lines from “good”.",
        "Without a mask every token sees the tokens before and after it: the bidirectional self-attention \
         of BERT (Devlin et al., 2018), used by most lessons here. A language model must not see the \
         future, so the Tiny language model and Induction heads lessons add a causal mask (see Masks). \
         Self-attention works on pictures too: in the shapes lesson the tokens are image patches.",
    ],
};

const SELF_ATTENTION_ZH: Words = Words {
    title: "自注意力",
    line: "查询、键和值都来自同一个序列：每个词元读取同一输入中的其他词元。",
    body: &[
        "自注意力中，查询、键和值都由同一组词元算出（见上面的公式）。每个词元都去问自己所在的句子：哪些词对\
         我重要？于是“好”能发现前面的“不”。多层叠加时，后一层建立在前一层之上：第 2 层关注的向量，已经带着第 \
         1 层收集到的上下文。",
        "“注意力头视图”把它画了出来：句子写两遍，左边是查询，右边是键，每一对之间一条线，权重越大线越粗，每\
         个头一种颜色。指向一个词，就只显示它的线；用上方的“头 1”“头 2”等开关显示或隐藏各个头。在“情感分析”\
         课中输入“这部电影不好”，顺着“好”的线看它关注谁。",
        "没有掩码时，每个词元都能看到它前后的词元，这就是 BERT（Devlin 等，2018）的双向自注意力，本页多数课\
         程都是这样。语言模型不能偷看后文，所以“微型语言模型”和“归纳头”两课加了因果掩码（见“掩码”）。自注意\
         力也能用于图片：在“空间注意力：图中的形状”一课里，词元就是图块。",
    ],
};

const CROSS_ATTENTION_EN: Words = Words {
    title: "Cross-attention",
    line: "Queries come from one sequence, keys and values from another: a decoder reads the encoded source \
          as it writes.",
    body: &[
        "Cross-attention connects two sequences. In the translation lesson an encoder first reads the \
         source date with self-attention; its output is the memory m. A decoder then writes the ISO date \
         one character at a time. Its queries come from what it has written so far, its keys and values \
         from the memory (the formula above), so each new character can look up the part of the source it \
         needs.",
        "Attention was introduced for exactly this problem by Bahdanau, Cho and Bengio (2014), “Neural \
         Machine Translation by Jointly Learning to Align and Translate”. Before it, the decoder received \
         one fixed-size summary of the whole source. Tick the attention-free baseline in this lesson to \
         train such a bottleneck beside the real model, then compare the curves and the two translations.",
        "The map “Cross-attention: where each written character looked” has one row per character written \
         and one column per source token; each row sums to 1. Outlined cells are where the lesson expects \
         the decoder to look. Start with the best-aligned head, pick other heads or the mean of heads under \
         Map, and type a date in another format to watch the rows move.",
    ],
};

const CROSS_ATTENTION_ZH: Words = Words {
    title: "交叉注意力",
    line: "查询来自一个序列，键和值来自另一个序列：解码器一边写，一边读取编码后的源句。",
    body: &[
        "交叉注意力把两个序列连接起来。在日期翻译一课中，编码器先用自注意力读入源日期，它的输出称为记忆 m。\
         随后解码器一次写一个字符，写出 ISO 格式的日期。它的查询来自已经写出的内容，键和值来自记忆（见上面的\
         公式），所以每写一个字符，都能到源句里查找自己需要的那一部分。",
        "注意力正是为了这个问题而提出的：Bahdanau、Cho 和 Bengio（2014）的《Neural Machine Translation by \
         Jointly Learning to Align and Translate》。在那之前，解码器只能拿到整个源句的一个固定长度的汇总。在\
         这一课勾选无注意力基线，就会在真实模型旁边训练这样一个瓶颈模型；然后比较两条曲线和两份译文。",
        "“交叉注意力：每个写出的字符看了哪里”这张图，每行是一个写出的字符，每列是一个源词元，每行之和为 1。\
         带框的格子是课程预期解码器关注的位置。先看“对齐最好的头”，再在“图”中选择其他头或“各头平均”；换一种\
         格式输入日期，看各行的关注点怎样移动。",
    ],
};

const MULTI_HEAD_EN: Words = Words {
    title: "Multi-head attention",
    line: "Several heads attend in parallel, each on its own d_model / n_heads slice of Q, K and V; W_O \
          mixes them.",
    body: &[
        "One row of softmax weights expresses one way of spreading attention. Multi-head attention splits \
         d_model into n_heads slices of d_head = d_model / n_heads features; each head computes its own \
         scores, weights and output on its slice (the formula above). The heads' outputs are placed side by \
         side and W_O mixes them back into one vector. More heads cost no extra weights here: they share \
         out the same width.",
        "The seed article's distributed attention, attending to several input features at once, is what \
         multiple heads provide in a transformer; multi-head attention comes from “Attention Is All You \
         Need”. Heads often specialise: one looks at the previous token, another at the token after an \
         earlier match, as in the Induction heads lesson.",
        "The Model view shows a thumbnail of every layer × head; click one to show that head throughout the \
         page. The on/off switch under a thumbnail turns that head off: its output is zeroed before W_O, \
         and the page reports the validation loss and accuracy without it. Nothing is retrained, so a big \
         drop means the model relies on that head. Try Heads = 1 and 4 as well.",
    ],
};

const MULTI_HEAD_ZH: Words = Words {
    title: "多头注意力",
    line: "多个头并行计算注意力，各用 d_model / n_heads 维的 Q、K、V；再由 W_O 把它们混合。",
    body: &[
        "一行 softmax 权重只能表达一种分配注意力的方式。多头注意力把 d_model 分成 n_heads 份，每份 d_head = \
         d_model / n_heads 个特征；每个头在自己那一份上计算分数、权重和输出（见上面的公式）。各头的输出并排\
         拼接，再由 W_O 混合成一个向量。在这里，头数多并不增加权重：它们分的是同一个宽度。",
        "原文所说的“分布式注意力”，即同时关注多个输入特征，在 Transformer 里由多个头来实现；多头注意力出自\
         《Attention Is All You Need》。各个头常常有所分工：一个看前一个词元，另一个看上次出现处的下一个词\
         元，“归纳头”一课就是这样。",
        "“模型视图”给出每层 × 每个头的缩略图；点击一个，整个页面都改为显示这个头。缩略图下的“开/关”按钮可以\
         关闭这个头：它的输出在 W_O 之前被置零，页面报告去掉它之后的验证损失和准确率。模型没有重新训练，所以\
         下降得越多，说明模型越依赖这个头。也试试把“头数”设为 1 和 4。",
    ],
};

const POSITIONAL_EN: Words = Words {
    title: "Positional information",
    line: "Attention alone ignores word order; a vector added for each position tells the model where a \
          token is.",
    body: &[
        "Attention compares tokens by content only. Without positions, shuffling the input just shuffles \
         the outputs the same way, so “good but bad” and “bad but good” look alike. That is why, before the \
         first layer, each token's embedding gets a vector that depends on its position p (the formula \
         above). The first matrix of the Step by step panel, x = token embedding + position, is that sum.",
        "The Positions setting has three choices. Learned trains one vector per position, like any other \
         weight. Sinusoidal uses the fixed sines and cosines of “Attention Is All You Need”: each pair of \
         features turns at its own frequency, so every position gets its own pattern and nothing is \
         learned. None adds nothing: the model sees a bag of words.",
        "Try it where order matters. In Reverse, position i must read position 7 − i; set Positions to none \
         and the loss stays high. In Sentiment, type a sentence, then swap its two clauses: with positions \
         the prediction can change; with none (and no mask) it cannot, because the model averages over all \
         its tokens at the end.",
    ],
};

const POSITIONAL_ZH: Words = Words {
    title: "位置编码",
    line: "注意力本身不理会词序；给每个位置加上一个向量，模型才知道词元在哪里。",
    body: &[
        "注意力只按内容比较词元。没有位置信息时，打乱输入只会让输出以同样的方式被打乱，于是“好但是差”和“差但\
         是好”看起来一样。所以在第一层之前，每个词元的词向量都要加上一个取决于其位置 p 的向量（见上面的公\
         式）。“逐步计算”面板的第一个矩阵“x = 词向量 + 位置编码”就是这个和。",
        "“位置编码”设置有三个选项。“可学习”为每个位置训练一个向量，和其他权重一样。“正弦”使用《Attention Is \
         All You Need》中固定的正弦和余弦：每对特征以各自的频率变化，每个位置都有独特的模式，不需要学习。\
         “无”什么也不加：模型看到的是一袋词。",
        "在顺序要紧的任务里试试。在“倒序”中，位置 i 必须读取位置 7 − i；把位置编码设为“无”，损失就降不下来。\
         在“情感分析”中输入一句话，再把两个分句对调：有位置编码时预测可能改变；设为“无”（且不加掩码）时预测\
         不会变，因为模型最后对所有词元取平均。",
    ],
};

const MASK_EN: Words = Words {
    title: "Masks",
    line: "Hidden keys get a score of −∞ before softmax (in practice −10⁹), so their weight is exactly 0.",
    body: &[
        "A mask decides which keys each query may use. It is added to the scores before softmax (the \
         formula above): 0 where the key is allowed, −∞ where it is hidden. Since e^(−∞) = 0, a hidden key \
         gets a weight of exactly 0 and the remaining weights still sum to 1. The code uses −10⁹ rather \
         than a true −∞; in 32-bit floating point that already gives a weight of exactly 0.",
        "Masks have three uses here. Padding: shorter inputs in a batch are filled up to the same length, \
         and the filler must not be attended to. The causal mask: a query sees only itself and earlier \
         tokens, as a language model must, since the next token is its answer. And attention patterns (see \
         Global vs local attention). A query always sees itself, so no row is empty.",
        "In the Step by step panel, the matrix Mask (1 = may attend) shows which cells survive; compare it \
         with A = softmax below it. Tick “causal (no looking ahead)” in the settings: the upper triangle \
         turns to 0 in both. In the Induction heads lesson, untick it and the loss falls at once: the model \
         simply reads the next letter instead of predicting it.",
    ],
};

const MASK_ZH: Words = Words {
    title: "掩码",
    line: "在 softmax 之前把被遮住的键的分数设为 −∞（实际用 −10⁹），它们的权重就恰好为 0。",
    body: &[
        "掩码决定每个查询可以用哪些键。它在 softmax 之前加到分数上（见上面的公式）：允许的键加 0，被遮住的键\
         加 −∞。因为 e^(−∞) = 0，被遮住的键权重恰好为 0，其余权重之和仍然是 1。代码里用 −10⁹ 代替真正的 −∞，\
         在 32 位浮点数中得到的权重同样恰好为 0。",
        "这里的掩码有三种用途。填充：同一批中较短的输入要补齐到相同长度，补上的部分不能被关注。因果掩码：查\
         询只能看到自己和之前的词元，语言模型必须如此，因为下一个词元正是它要给出的答案。还有注意力模式（见\
         “全局与局部注意力”）。查询总能看到自己，所以没有哪一行是空的。",
        "在“逐步计算”面板中，“掩码（1 = 可以关注）”矩阵显示哪些格子保留下来；把它和下方的 A = softmax 对照。\
         在设置中勾选“因果（不许偷看后文）”：两者的右上三角都变成 0。在“归纳头”一课中取消勾选，损失会立刻下\
         降：模型只是直接读到了下一个字母，而不是去预测它。",
    ],
};

const LOCAL_ATTENTION_EN: Words = Words {
    title: "Global vs local attention",
    line: "Global: every query sees every key. Local: only keys within w positions. Strided: also every \
          s-th key.",
    body: &[
        "The seed article describes global attention, where the model can attend over the whole input; that \
         is the default here (local window 0). Local attention limits query i to the keys j with |i − j| ≤ \
         w (the formula above), as a reader focuses on nearby words. Combined with the causal mask, a query \
         sees itself and the w tokens before it.",
        "Full attention compares every pair of tokens, so its cost grows with the square of the length. \
         Sparse patterns keep fewer pairs: a stride s also lets each query see the keys whose distance from \
         it is a multiple of s, as in “Generating Long Sequences with Sparse Transformers” (Child et al., \
         2019); with window 0, only those. The page still computes the full matrix and masks it, so here it \
         changes what the model can see, not its speed.",
        "Set “local window (0 = all)” to 1 and watch the Mask matrix in the Step by step panel become a \
         band around the diagonal. Copy still works, since it only needs the token one step back. In \
         Reverse, position 0 must reach position 7: compare the loss with window 1 and window 0. Each extra \
         layer lets information travel w positions further.",
    ],
};

const LOCAL_ATTENTION_ZH: Words = Words {
    title: "全局与局部注意力",
    line: "全局：每个查询看到所有键。局部：只看距离不超过 w 的键。跨步：另外每隔 s 个看一个键。",
    body: &[
        "原文介绍的是全局注意力：模型可以关注整个输入。这也是本页的默认设置（局部窗口为 0）。局部注意力把查\
         询 i 限制在满足 |i − j| ≤ w 的键 j 上（见上面的公式），就像读者只留意附近的词。和因果掩码一起用时，\
         查询能看到自己和它之前的 w 个词元。",
        "全局注意力要比较每一对词元，代价随长度的平方增长。稀疏模式只保留一部分配对：跨步 s 让每个查询另外看\
         到与自己距离为 s 的倍数的键，做法来自《Generating Long Sequences with Sparse Transformers》（Child \
         等，2019）；窗口为 0 时只看这些。本页仍然先算出完整的矩阵再加掩码，所以这里演示的是模型能看到什么，\
         并不会提速。",
        "把“局部窗口（0 = 全部）”设为 1，看“逐步计算”面板中的掩码矩阵变成主对角线附近的一条带。“复制 / 平移”\
         仍然能学会，因为它只需要往回看一步。在“倒序”中，位置 0 必须看到位置 7：比较窗口为 1 和为 0 时的损\
         失。每多一层，信息就能再多传 w 个位置。",
    ],
};

const LOSS_EN: Words = Words {
    title: "Loss",
    line: "One number for how wrong the model is: cross-entropy for classes, mean squared error for numbers.",
    body: &[
        "Training needs one number to make smaller. For classes the page uses cross-entropy (the first line \
         above): minus the log of the probability the model gave the right answer, averaged over the \
         answers asked for. A confident right answer costs almost 0; a confident wrong one costs a lot. \
         Guessing evenly among 3 classes costs ln 3 ≈ 1.10, a useful reference point in Sentiment.",
        "For numbers, as in the Regression lesson, it uses the mean squared error (the second line), \
         computed on targets standardised to mean 0 and standard deviation 1 over the training split. The \
         seed article recommends the same two losses. It writes the training goal with arg max, but a loss \
         is minimised: training moves the weights to make it smaller.",
        "The Loss chart draws the training loss (solid) and the validation loss (dashed), measured on \
         examples the model never trains on. Tick “log scale” to see late, small improvements. A training \
         loss that keeps falling while the validation loss rises means over-fitting; a loss that jumps to \
         NaN or ∞ means the steps are too large (see Optimisers).",
    ],
};

const LOSS_ZH: Words = Words {
    title: "损失",
    line: "用一个数衡量模型错得有多厉害：分类用交叉熵，数值用均方误差。",
    body: &[
        "训练需要一个可以不断减小的数。分类时页面用交叉熵（上面第一行）：取模型给正确答案的概率的对数，再取\
         负，对所有被提问的答案求平均。有把握地答对，代价几乎为 0；有把握地答错，代价很大。在 3 个类别之间平\
         均乱猜的代价是 ln 3 ≈ 1.10，这是“情感分析”中很有用的参照。",
        "输出数值时（如“回归（均方误差）”一课），页面用均方误差（第二行），目标值先按训练集标准化为均值 0、\
         标准差 1 再计算。原文推荐的也是这两种损失。原文把训练目标写成了 arg max，但损失是要最小化的：训练就\
         是调整权重，让损失变小。",
        "“损失”图画出训练损失（实线）和验证损失（虚线），后者来自模型从不训练的样本。勾选“对数坐标”可以看清\
         后期的细小改进。训练损失一直下降而验证损失回升，说明过拟合；损失跳成 NaN 或 ∞，说明步子太大（见“优\
         化器”）。",
    ],
};

const OPTIMIZER_EN: Words = Words {
    title: "Optimisers",
    line: "How the weights step downhill on the loss: SGD with momentum, Adam or AdamW, scaled by the \
          learning rate.",
    body: &[
        "After each batch, backpropagation gives the gradient: for every weight, the direction that would \
         raise the loss. SGD steps the other way, scaled by the learning rate η (the first line above); \
         with Momentum it follows a decaying sum of recent gradients, which smooths the path. The update \
         the seed article gives under Adam is in fact this plain gradient step.",
        "Adam (the second line) keeps running averages of each weight's gradient and squared gradient, and \
         divides the first by the square root of the second, so every weight takes steps of a similar size \
         whatever the scale of its gradient. AdamW is Adam with weight decay applied to the weights \
         directly instead of being added to the gradient. Adam with a learning rate of 0.003 is the default \
         here.",
        "Find these under Training: Optimizer, Momentum (SGD only), Learning rate, the warm-up + cosine \
         schedule, and Clip gradient norm. Too high a rate makes the loss jump or diverge; the page then \
         rolls the weights back and pauses. In Compare runs, sweep the learning rate (÷10, ×1, ×10) or the \
         optimiser and compare the curves.",
    ],
};

const OPTIMIZER_ZH: Words = Words {
    title: "优化器",
    line: "权重如何沿着损失下坡：SGD（可加动量）、Adam 或 AdamW，步长由学习率决定。",
    body: &[
        "每处理完一批样本，反向传播就给出梯度：对每个权重，朝哪个方向变会让损失增大。SGD 朝相反方向走一步，\
         步长乘以学习率 η（上面第一行）；加上“动量”后，它沿着最近各梯度的累积方向前进，路径更平稳。原文在 \
         Adam 名下给出的更新式，其实正是这种普通的梯度下降。",
        "Adam（第二行）为每个权重记录梯度和梯度平方的滑动平均，用前者除以后者的平方根，所以不论梯度的量级如\
         何，每个权重的步长都差不多。AdamW 是把权重衰减直接作用在权重上、而不是加到梯度里的 Adam。本页默认使\
         用 Adam，学习率 0.003。",
        "这些设置都在“训练”一栏：“优化器”、“动量”（仅 SGD）、“学习率”、“学习率调度”中的预热 + 余弦衰减，以及\
         “梯度范数裁剪”。学习率太大，损失会跳动甚至发散；这时页面会退回之前的权重并暂停。在“比较运行”中扫描\
         学习率（÷10、×1、×10）或优化器，比较各条曲线。",
    ],
};

const OVERFITTING_EN: Words = Words {
    title: "Over-fitting",
    line: "Learning the training examples by heart instead of the rule: judge the model on validation data.",
    body: &[
        "A model can keep improving on its training examples while getting worse on new ones: it has \
         started to memorise. To notice, the page splits the data as the seed article suggests, 70% \
         training, 15% validation and 15% test (Data split). The model learns only from the training set; \
         validation guides your choices; the test split is the Final exam, evaluated once at the end.",
        "The Validation accuracy chart (R² for a regression) and the validation loss are the honest signal. \
         The Validation metrics panel adds per-class precision and recall (the formulas above: of the \
         answers “k”, the share that were right; of the true k's, the share found), F1 and a confusion \
         matrix. In the Tiny language model lesson the validation loss falls, then rises: over-fitting, \
         live.",
        "The remedies are in the settings. Early stopping watches a validation metric and, after Patience \
         evaluations without improvement, stops and puts back the best model. Dropout zeroes a random share \
         of the attention weights and residual outputs while training. Weight decay pulls the weights \
         towards 0. Try them on the Tiny language model and compare the runs.",
    ],
};

const OVERFITTING_ZH: Words = Words {
    title: "过拟合",
    line: "把训练样本背了下来，却没学会规律：评判模型要看验证集上的表现。",
    body: &[
        "模型可能在训练样本上越来越好，在新样本上却越来越差：它开始死记硬背了。为了发现这一点，页面按原文的\
         建议划分数据：70% 训练集、15% 验证集、15% 测试集（“数据划分”）。模型只从训练集学习；验证集用来指导\
         你的选择；测试集是“期末考试”，只在最后评估一次。",
        "“验证准确率”图（回归课为 R²）和验证损失才是可信的信号。“验证集指标”面板还给出每个类别的精确率和召回\
         率（见上面的公式：回答为“k”的当中答对的比例；真实为 k 的当中被找出的比例）、F1 以及混淆矩阵。在“微\
         型语言模型”一课中，验证损失先降后升：这就是正在发生的过拟合。",
        "补救办法都在设置里。“早停”观察一个验证指标，连续“耐心”次评估没有改进就停止训练，并恢复最好的模型。\
         “随机丢弃”在训练时随机把一部分注意力权重和残差输出置零。“权重衰减”把权重往 0 拉。在“微型语言模型”上\
         试一试，再比较各次运行。",
    ],
};

const INTERPRETABILITY_EN: Words = Words {
    title: "Attention as explanation",
    line: "Attention shows where a head looked, not why the model decided; compare it with gradients and \
          ablation.",
    body: &[
        "The seed article presents attention as a way to make a model's decisions transparent. Be careful: \
         a weight shows where one head of one layer looked, but the output also depends on the values it \
         mixed, the other heads and layers, the residual connections and the feed-forward layers. \
         “Attention is not Explanation” (Jain & Wallace, 2019) found that quite different weights can give \
         the same prediction; “Attention is not not Explanation” (Wiegreffe & Pinter, 2019) replied that \
         this depends on how it is tested.",
        "The Attention vs. explanation panel puts two readings side by side. Attention received: how much \
         the chosen layer and head attend to each word, averaged over all queries. Gradient × input (the \
         formula above): how much each word's embedding pushes the score of the predicted class; orange \
         words push towards it, purple words away. Where the two disagree, trust neither blindly.",
        "A third check is ablation: switch a head off in the Model view and see how much the validation \
         loss and accuracy change. A head with a striking pattern that the model hardly needs explains \
         little. Try it in Sentiment with “the food was bad but the service was great”.",
    ],
};

const INTERPRETABILITY_ZH: Words = Words {
    title: "注意力能否解释模型",
    line: "注意力说明一个头看向哪里，不说明模型为什么这样判断；要用梯度和消融来对照。",
    body: &[
        "原文把注意力当作让模型决策变得透明的手段。对此要谨慎：一个权重只说明某一层的某个头看向了哪里，而输\
         出还取决于被混合的值、其他头和其他层、残差连接以及前馈层。《Attention is not Explanation》（Jain 与 \
         Wallace，2019）发现，相差很大的权重可以给出同样的预测；《Attention is not not Explanation》\
         （Wiegreffe 与 Pinter，2019）回应说，这取决于怎样检验。",
        "“注意力与解释”面板把两种读法并排放在一起。“得到的注意力”：所选层和头对每个词的关注程度，对所有查询\
         取平均。“梯度 × 输入”（上面的公式）：每个词的词向量把预测类别的分数推动了多少；橙色的词把预测推向该\
         类别，紫色的词把它推离。两者不一致时，哪一个都不要盲信。",
        "第三种检验是消融：在“模型视图”里关掉一个头，看验证损失和准确率变化多少。图案醒目、模型却几乎用不上\
         的头，能解释的东西很少。在“情感分析”中用“菜很差，但是服务很好”试一试。",
    ],
};
