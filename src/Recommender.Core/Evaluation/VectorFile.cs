using Recommender.Core.Semantic;

namespace Recommender.Core.Evaluation;

/// <summary>
/// The vectors of a catalogue's articles kept between evaluation runs (<c>--vectors FILE</c>): one line per article,
/// its data set id, a tab, the vector as the index stores it in base64 (<see cref="ArticleVector.ToBase64"/>). Embedding
/// is most of an evaluation's time (BBC: 179 CPU s of embedding against seconds of queries), and the model gives the same
/// vector for the same text, so a second run that reads them scores the same as one that embeds.
/// </summary>
public static class VectorFile
{
    /// <summary>The vectors in <paramref name="path"/> by article id; empty when the file does not exist.</summary>
    public static Dictionary<string, ArticleVector> Read(string path)
    {
        var vectors = new Dictionary<string, ArticleVector>();
        if (!File.Exists(path)) return vectors;
        foreach (var line in File.ReadLines(path))
        {
            var tab = line.IndexOf('\t');
            if (tab > 0 && ArticleVector.FromBase64(line[(tab + 1)..]) is { } vector) vectors[line[..tab]] = vector;
        }
        return vectors;
    }

    /// <summary>Writes the vectors of <paramref name="articles"/> that have one to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<(string Id, ArticleVector? Vector)> articles) =>
        File.WriteAllLines(path, articles.Where(a => a.Vector is not null).Select(a => $"{a.Id}\t{a.Vector!.ToBase64()}"));
}
