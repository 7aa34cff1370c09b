using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Recommender.Core.Articles;
using Recommender.Core.Recommendations;
using Recommender.Core.Stories;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Recommender.Core.Indexing;

/// <summary>
/// The node's article index: one Lucene index on disk with a single writer, searchable near-real-time
/// (writes become visible within <see cref="ArticleIndexOptions.RefreshInterval"/>, or at once after
/// <see cref="Refresh"/>) and committed every <see cref="ArticleIndexOptions.CommitInterval"/> and on dispose.
/// Thread-safe.
/// </summary>
public sealed class ArticleIndex : IDisposable
{
    static readonly string[] UserQueryFields = [ArticleFields.Title, ArticleFields.Description, ArticleFields.Text];
    static readonly Dictionary<string, float> UserQueryBoosts = new()
    {
        [ArticleFields.Title] = 3f,
        [ArticleFields.Description] = 2f,
        [ArticleFields.Text] = 1f,
    };
    const int MaxUserQueryLength = 1_000;
    const int LockStripes = 64;
    internal const string ProcessLockFile = "recommender.lock";

    readonly LuceneDirectory _directory;
    readonly IndexWriter _writer;
    readonly FileStream _processLock;
    readonly SearcherManager _searchers;
    readonly ArticleIndexOptions _options;
    readonly StoryClusterer? _stories;
    readonly ListedArticles _listed;
    // URL → document per index reader, and (field, id) → documents per segment: see DocOf.
    readonly ConditionalWeakTable<IndexReader, StartOverCache<(string Site, string Url), int?>> _docs = new();
    readonly ConditionalWeakTable<object, StartOverCache<(string Field, string Id), int[]>> _termDocs = new();

    // Whether an id exists, for ids written since the searcher was last refreshed (the searcher cannot
    // know them yet), so that Upsert tells Added from Updated without a refresh per write. Each entry
    // carries the write sequence number; a refresh removes the entries it has made visible.
    readonly ConcurrentDictionary<string, (bool Exists, long Sequence)> _unrefreshed = new();
    long _sequence;
    readonly object _refreshLock = new();

    // Serialise writes of the same id, so that two concurrent upserts of one page cannot both report Added.
    readonly object[] _idLocks = Enumerable.Range(0, LockStripes).Select(_ => new object()).ToArray();

    // When the last refresh started and the writes it made visible, for RefreshLag.
    long _refreshStartTicks = Environment.TickCount64;
    long _refreshedSequence;

    readonly CancellationTokenSource _stop = new();
    readonly Thread _background;
    long _lastCommitTicks = Environment.TickCount64;

    ArticleIndex(LuceneDirectory directory, IndexWriter writer, FileStream processLock, ArticleIndexOptions options)
    {
        _directory = directory;
        _writer = writer;
        _processLock = processLock;
        _options = options;
        _stories = options.Stories.Enabled ? new StoryClusterer(options.Stories) : null;
        _listed = new ListedArticles(options.ListedArticlesPerSegment);
        _searchers = new SearcherManager(writer, applyAllDeletes: true, new SearcherFactory());
        // A thread of its own, so that a busy thread pool cannot delay visibility or commits.
        _background = new Thread(RunBackground) { IsBackground = true, Name = "ArticleIndex refresh and commit" };
        _background.Start();
    }

    /// <summary>Opens the index in <paramref name="directory"/>, creating it (and the directory) when absent.</summary>
    public static ArticleIndex Open(string directory, ArticleIndexOptions? options = null)
    {
        options ??= new ArticleIndexOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RefreshInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CommitInterval, TimeSpan.Zero, nameof(options));
        System.IO.Directory.CreateDirectory(directory);
        var processLock = LockAgainstOtherProcesses(directory);
        LuceneDirectory? luceneDirectory = null;
        IndexWriter? writer = null;
        try
        {
            // Native (OS) locks are released by the kernel when a process dies, so the write.lock file a killed
            // server leaves behind does not lock the index: only a live writer does.
            luceneDirectory = FSDirectory.Open(new DirectoryInfo(directory), new NativeFSLockFactory());
            var config = new IndexWriterConfig(ArticleAnalyzers.Version, ArticleAnalyzers.For(null))
            {
                OpenMode = OpenMode.CREATE_OR_APPEND,
                RAMBufferSizeMB = options.RamBufferSizeMb,
            };
            writer = new IndexWriter(luceneDirectory, config);
            return new ArticleIndex(luceneDirectory, writer, processLock, options);
        }
        catch
        {
            writer?.Dispose();
            luceneDirectory?.Dispose();
            processLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Lucene.Net's native lock keeps a second writer of the same process out, but on Linux it takes a shared
    /// flock, so a second process would open a writer on the same index too and corrupt it. An exclusive
    /// flock (FileShare.None) on a file of our own keeps other processes out; the kernel drops it when the
    /// process dies, so a leftover file locks nothing.
    /// </summary>
    static FileStream LockAgainstOtherProcesses(string directory)
    {
        var path = Path.Combine(directory, ProcessLockFile);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error) when (error is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new LockObtainFailedException($"The index in {directory} is open in another process or instance.", error);
        }
    }

    /// <summary>How the index groups arriving articles into stories; null when it does not.</summary>
    public StoryOptions? Stories => _stories?.Options;

    /// <summary>
    /// Adds the article or replaces the one with the same site and URL, and assigns its story (unless stories are
    /// off) among the articles searchable at the time: those written within the last refresh interval are not yet.
    /// </summary>
    public UpsertOutcome Upsert(Article article)
    {
        Validate(article);
        article = WithVector(InSiteLanguage(article));
        if (_stories is null) return Write(article with { Story = null }, signature: null);
        var (story, signature) = WithSearcher(searcher => _stories.Assign(searcher, article));
        return Write(article with { Story = story }, signature);
    }

    /// <summary>As <see cref="Upsert(Article)"/>, keeping the story a batch clustering (<see cref="StoryBatch"/>) gave the article.</summary>
    public UpsertOutcome Upsert(Article article, StorySignature signature)
    {
        Validate(article);
        return Write(WithVector(InSiteLanguage(article)), signature);
    }

    /// <summary>
    /// The article with its vector, when the index embeds and it needs one: the model runs here, on the writing thread
    /// (about 65 ms for a long article on 2 cores), never on a request.
    /// </summary>
    Article WithVector(Article article) => _options.Embedder?.WithVector(article) ?? article;

    /// <summary>What gives articles their vectors as they are written; null when nothing does.</summary>
    public Semantic.ArticleEmbedder? Embedder => _options.Embedder;

    /// <summary>
    /// The article with the language it is analysed in: its site's (<see cref="ArticleIndexOptions.SiteLanguage"/>)
    /// where the site has one, else the one it states. Stored with it, so that what analyses its text again later
    /// (reasons, story signatures) analyses it alike.
    /// </summary>
    /// <remarks>
    /// All sites share one index and its fields, and each document is analysed with its own language's analyzer
    /// (<see cref="IndexWriter.UpdateDocument(Term, IEnumerable{IIndexableField}, Lucene.Net.Analysis.Analyzer)"/>): a
    /// German stem is simply another term than an English word, every answer is filtered to one site, and
    /// MoreLikeThis reads a seed's terms from its term vectors, so it never analyses a seed again. Fields per language
    /// would multiply fields and norms and make every query know which fields to ask, for nothing more. The site's
    /// language rather than the page's: relatedness compares a site's articles with one another, so they must all be
    /// analysed alike, and a page template's lang attribute is often wrong (en-US on a German site's pages).
    /// </remarks>
    public Article InSiteLanguage(Article article) =>
        _options.SiteLanguage?.Invoke(article.Site) is { } language ? article with { Language = language } : article;

    static void Validate(Article article)
    {
        if (string.IsNullOrWhiteSpace(article.Site)) throw new ArgumentException("The article has no site.", nameof(article));
        if (string.IsNullOrWhiteSpace(article.Url)) throw new ArgumentException("The article has no URL.", nameof(article));
    }

    /// <summary>Writes the article in its language, the one its document's terms (<see cref="ArticleTerms"/>) are analysed in.</summary>
    UpsertOutcome Write(Article article, StorySignature? signature)
    {
        var analyzer = ArticleAnalyzers.For(article.Language);
        var document = ArticleDocuments.ToDocument(article, analyzer, signature);
        var id = ArticleFields.IdOf(article.Site, article.Url);
        // Added rather than updated when the id is known absent: an update buffers a delete of its term, which every
        // refresh then seeks in every segment (a bulk import writes ~1,300 articles between two refreshes at 250 ms).
        var existed = Write(id, (term, replaces) =>
        {
            if (replaces) _writer.UpdateDocument(term, document, analyzer);
            else _writer.AddDocument(document, analyzer);
        }, exists: true);
        return existed ? UpsertOutcome.Updated : UpsertOutcome.Added;
    }

    /// <summary>Removes the article; false when there was none.</summary>
    public bool Delete(string site, string url)
    {
        var existed = false;
        foreach (var id in IdsOf(site, url))
        {
            existed |= Write(id, (term, _) => _writer.DeleteDocuments(term), exists: false);
        }
        return existed;
    }

    /// <summary>
    /// Records that <paramref name="alias"/> (an address the page was asked for or redirected from) leads to
    /// the article at <paramref name="canonicalUrl"/>, so that a lookup by either finds the one article and a
    /// page is not crawled again under every address it has. An article indexed under the alias before its
    /// canonical URL was known is removed: the page keeps one document.
    /// </summary>
    public void AddAlias(string site, string alias, string canonicalUrl)
    {
        if (alias == canonicalUrl) return;
        var aliasId = ArticleFields.IdOf(site, alias);
        Write(aliasId, (term, _) => _writer.DeleteDocuments(term), exists: false);
        _writer.UpdateDocument(new Term(ArticleFields.Alias, aliasId), new Document
        {
            new StringField(ArticleFields.Alias, aliasId, Field.Store.NO),
            new StoredField(ArticleFields.AliasOf, canonicalUrl),
        });
    }

    /// <summary>The article with this site and URL (as given, canonicalised, or an alias), as of the last refresh.</summary>
    public Article? Get(string site, string url) =>
        WithSearcher(searcher => FindDoc(searcher, site, url) is { } doc ? ArticleDocuments.ToArticle(searcher.Doc(doc)) : null);

    /// <summary>Whether the index has the article at this URL (as given, canonicalised, or an alias), as of the last refresh.</summary>
    public bool Contains(string site, string url) => WithSearcher(searcher => DocOf(searcher, site, url) is not null);

    /// <summary>
    /// As <see cref="FindDoc"/>, remembered: the page of every <c>/related</c> request and a reader's reads are looked
    /// up again and again. An answer is kept for as long as <paramref name="searcher"/>'s reader is searched (a
    /// reader never changes); below that, which documents of a segment carry an id is kept for as long as the
    /// segment lives, so that the refresh after a write, which brings a new reader, does not look every URL up again.
    /// </summary>
    public int? DocOf(IndexSearcher searcher, string site, string url) =>
        _docs.GetOrAdd(searcher.IndexReader, static (_, bound) => new StartOverCache<(string, string), int?>(bound), _options.DocLookupsKept)
            .GetOrAdd((site, url), static (page, lookup) => FindDoc(lookup.Searcher, page.Item1, page.Item2, lookup.Index.FindByTermKept),
                (Searcher: searcher, Index: this));

    /// <summary>
    /// The document number of the article with this site and URL (as given, canonicalised, or an alias) in
    /// <paramref name="searcher"/>, for example to ask MoreLikeThis for articles like it.
    /// </summary>
    public static int? FindDoc(IndexSearcher searcher, string site, string url) => FindDoc(searcher, site, url, FindByTerm);

    static int? FindDoc(IndexSearcher searcher, string site, string url, Func<IndexSearcher, string, string, int?> findByTerm)
    {
        foreach (var id in IdsOf(site, url))
        {
            if (findByTerm(searcher, ArticleFields.Id, id) is { } doc) return doc;
        }
        foreach (var id in IdsOf(site, url))
        {
            if (findByTerm(searcher, ArticleFields.Alias, id) is { } alias &&
                searcher.Doc(alias).Get(ArticleFields.AliasOf) is { } canonicalUrl)
            {
                return findByTerm(searcher, ArticleFields.Id, ArticleFields.IdOf(site, canonicalUrl));
            }
        }
        return null;
    }

    /// <summary>As <see cref="FindByTerm"/>, from each segment's documents of the term, kept while the segment lives.</summary>
    int? FindByTermKept(IndexSearcher searcher, string field, string id)
    {
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var docs = _termDocs.GetOrAdd(reader.CoreCacheKey, static (_, bound) => new StartOverCache<(string, string), int[]>(bound), _options.DocLookupsKept)
                .GetOrAdd((field, id), static (term, segment) => DocsWith(segment, term.Item1, term.Item2), reader);
            // A segment's postings never change, but its deletions do.
            foreach (var doc in docs)
            {
                if (reader.LiveDocs is not { } live || live.Get(doc)) return leaf.DocBase + doc;
            }
        }
        return null;
    }

    /// <summary>Every document of <paramref name="segment"/> with the term, deleted or not.</summary>
    static int[] DocsWith(AtomicReader segment, string field, string id)
    {
        if (ReusedTerms.Docs(segment, field, new BytesRef(id), liveDocs: null) is not { } postings) return [];
        var docs = new List<int>(1);
        for (var doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc()) docs.Add(doc);
        return [.. docs];
    }

    /// <summary>
    /// One page of the articles that match <paramref name="query"/> (all when null) and <paramref name="filter"/>.
    /// The filter does not change scores. Out-of-range paging gives an empty page, never an error.
    /// A query (a reader's search) is cut at <see cref="ArticleIndexOptions.UserQueryTimeLimit"/> and gives the best
    /// hits collected by then; a listing (null query) is never cut, as maintenance walks every article of a site.
    /// </summary>
    public SearchPage Search(Query? query, ArticleFilter filter, int offset, int limit, ArticleSort sort)
    {
        offset = Math.Max(0, offset);
        limit = Math.Max(0, limit);
        return WithSearcher(searcher =>
        {
            var wanted = (int)Math.Clamp((long)offset + limit, 1, Math.Max(1, searcher.IndexReader.MaxDoc));
            var matching = query ?? new MatchAllDocsQuery();
            ICollector collector;
            Func<TopDocs> collected;
            if (sort == ArticleSort.PubDateDescending)
            {
                var newest = TopFieldCollector.Create(NewestFirst, wanted, fillFields: true, trackDocScores: query is not null,
                    trackMaxScore: false, docsScoredInOrder: false);
                (collector, collected) = (newest, newest.GetTopDocs);
            }
            else
            {
                var best = TopScoreDocCollector.Create(wanted, docsScoredInOrder: false);
                (collector, collected) = (best, best.GetTopDocs);
            }
            if (query is null)
            {
                searcher.Search(matching, filter.ToFilter(), collector);
            }
            else
            {
                try
                {
                    var limit = (long)_options.UserQueryTimeLimit.TotalMilliseconds;
                    searcher.Search(matching, filter.ToFilter(), new TimeLimitingCollector(collector, _options.UserQueryClock, limit));
                }
                catch (TimeLimitingCollector.TimeExceededException)
                {
                    // The best of what was collected in time: a search that runs on would hold a core for every request like it.
                }
            }
            var top = collected();
            var hits = top.ScoreDocs.Skip(offset).Take(limit)
                .Select(hit => new SearchHit(Listed(searcher, hit.Doc), float.IsNaN(hit.Score) ? 0f : hit.Score))
                .ToList();
            return new SearchPage(top.TotalHits, hits);
        });
    }

    // Articles without a date sort as 1970, so after all dated ones.
    static readonly Sort NewestFirst = new(new SortField(ArticleFields.PubDate, SortFieldType.INT64, reverse: true));

    /// <summary>The number of articles of <paramref name="site"/>, as of the last refresh.</summary>
    public int Count(string site) =>
        WithSearcher(searcher => searcher.Search(new TermQuery(new Term(ArticleFields.Site, site)), 1).TotalHits);

    /// <summary>The articles searchable (alias records are not articles), as of the last refresh.</summary>
    public int ArticleCount =>
        WithSearcher(searcher => searcher.Search(new PrefixQuery(new Term(ArticleFields.Site, "")), 1).TotalHits);

    /// <summary>The segments of the index as of the last refresh: every search and term lookup pays per segment.</summary>
    public int SegmentCount => WithSearcher(searcher => searcher.IndexReader.Leaves.Count);

    /// <summary>
    /// At most how long the oldest write not searchable yet has waited: the time since the last refresh started
    /// while writes came after it, zero when every write is searchable.
    /// </summary>
    public TimeSpan RefreshLag =>
        Interlocked.Read(ref _sequence) > Interlocked.Read(ref _refreshedSequence)
            ? TimeSpan.FromMilliseconds(Math.Max(0, Environment.TickCount64 - Interlocked.Read(ref _refreshStartTicks)))
            : TimeSpan.Zero;

    /// <summary>Makes every write so far searchable now, rather than at the next scheduled refresh.</summary>
    public void Refresh()
    {
        lock (_refreshLock)
        {
            var started = Environment.TickCount64;
            var visibleUpTo = Interlocked.Read(ref _sequence);
            _searchers.MaybeRefreshBlocking();
            Interlocked.Exchange(ref _refreshStartTicks, started);
            Interlocked.Exchange(ref _refreshedSequence, visibleUpTo);
            foreach (var entry in _unrefreshed)
            {
                if (entry.Value.Sequence <= visibleUpTo) _unrefreshed.TryRemove(entry);
            }
        }
    }

    /// <summary>
    /// Merges the index into at most <paramref name="maxSegments"/> segments, for after a bulk import: every search
    /// and term lookup pays per segment, and a bulk import leaves many.
    /// </summary>
    public void ForceMerge(int maxSegments)
    {
        _writer.ForceMerge(maxSegments);
        Commit();
        Refresh();
    }

    /// <summary>Makes every write so far durable on disk.</summary>
    public void Commit()
    {
        _writer.Commit();
        Interlocked.Exchange(ref _lastCommitTicks, Environment.TickCount64);
    }

    /// <summary>Runs <paramref name="work"/> on the current searcher, which stays valid until it returns.</summary>
    public T WithSearcher<T>(Func<IndexSearcher, T> work)
    {
        var searcher = _searchers.Acquire();
        try
        {
            return work(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// What an answer lists of the article at <paramref name="doc"/> of <paramref name="searcher"/>: every field but
    /// its body (<see cref="Article.Text"/> is empty), read once and kept while its segment lives.
    /// </summary>
    public Article Listed(IndexSearcher searcher, int doc) => _listed.Get(searcher.IndexReader, doc);

    /// <summary>The terms a reason looks for of the article at <paramref name="doc"/> (<see cref="Reasons.TermsOf"/>), kept with it as <see cref="Listed"/> is.</summary>
    public ReasonTerms ReasonTermsOf(IndexSearcher searcher, int doc) => _listed.ReasonTermsOf(searcher.IndexReader, doc);

    /// <summary>
    /// Parses what a reader typed into a search box: matches in the title count most, then the description,
    /// then the body; words are analysed as the <paramref name="language"/> analyzer indexed them. Never throws:
    /// input that is not valid query syntax is searched as plain words.
    /// </summary>
    public static Query ParseUserQuery(string? q, string? language)
    {
        if (string.IsNullOrWhiteSpace(q)) return new BooleanQuery();
        var text = q.Length > MaxUserQueryLength ? q[..MaxUserQueryLength] : q;
        var parser = new UserQueryParser(ArticleAnalyzers.For(language));
        try
        {
            return parser.Parse(text);
        }
        catch (ParseException)
        {
            // Escaping leaves the operators AND, OR and NOT, which only count in capitals; the analyzers
            // lower-case every word anyway.
            return parser.Parse(QueryParserBase.Escape(text).ToLowerInvariant());
        }
    }

    /// <summary>Fuzzy, wildcard, prefix and range words a query may have; each is searched in every user query field.</summary>
    public const int MaxExpandingWords = 10;

    /// <summary>Letters a wildcard, prefix or fuzzy word must start with before anything may vary.</summary>
    public const int MinExpandingPrefix = 2;

    /// <summary>
    /// The classic syntax without regular expressions (costly, and not what "24/7" means in a search box), and with
    /// the words that expand to many terms capped: 125 fuzzy words, or 60 × <c>a?*?*?*</c>, cost 200–560 ms a
    /// search against ~1 ms for plain words, so a few clients saturated both cores. A query with more than
    /// <see cref="MaxExpandingWords"/> of them, or a wildcard with fewer than <see cref="MinExpandingPrefix"/> letters
    /// before it, throws <see cref="UserQueryTooCostlyException"/>; a fuzzy word varies only after its first letters.
    /// </summary>
    sealed class UserQueryParser : MultiFieldQueryParser
    {
        int _expanding;

        public UserQueryParser(Lucene.Net.Analysis.Analyzer analyzer)
            : base(ArticleAnalyzers.Version, UserQueryFields, analyzer, UserQueryBoosts) =>
            FuzzyPrefixLength = MinExpandingPrefix;

        protected override Query GetRegexpQuery(string field, string termStr) =>
            throw new ParseException("Regular expressions are not supported.");

        protected override Query GetFuzzyQuery(string field, string termStr, float minSimilarity)
        {
            Expanding(field);
            return base.GetFuzzyQuery(field, termStr, minSimilarity);
        }

        protected override Query GetPrefixQuery(string field, string termStr)
        {
            Expanding(field);
            RequirePrefix(termStr.Length);
            return base.GetPrefixQuery(field, termStr);
        }

        protected override Query GetWildcardQuery(string field, string termStr)
        {
            Expanding(field);
            // A leading wildcard is not syntax here: the base refuses it, and the words are searched as words.
            var letters = termStr.IndexOfAny(['*', '?']);
            if (letters > 0) RequirePrefix(letters);
            return base.GetWildcardQuery(field, termStr);
        }

        protected override Query GetRangeQuery(string field, string part1, string part2, bool startInclusive, bool endInclusive)
        {
            Expanding(field);
            return base.GetRangeQuery(field, part1, part2, startInclusive, endInclusive);
        }

        /// <summary>
        /// Counts a word once per field it is searched in: a word without a field comes here first with none, then
        /// once for each of the user query fields.
        /// </summary>
        void Expanding(string? field)
        {
            if (field is null) return;
            if (++_expanding > MaxExpandingWords * UserQueryFields.Length)
                throw new UserQueryTooCostlyException($"must have at most {MaxExpandingWords} fuzzy, wildcard, prefix or range words");
        }

        static void RequirePrefix(int letters)
        {
            if (letters < MinExpandingPrefix)
                throw new UserQueryTooCostlyException($"needs at least {MinExpandingPrefix} letters before a wildcard");
        }
    }

    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _background.Join();
        _stop.Dispose();
        try
        {
            _writer.Commit();
        }
        finally
        {
            _searchers.Dispose();
            _writer.Dispose();
            _directory.Dispose();
            _processLock.Dispose();
        }
    }

    /// <summary>
    /// Writes under the id's lock, told whether the id existed (a live document as of the last refresh, or written since),
    /// and records the id's new existence; returns whether it existed before.
    /// </summary>
    bool Write(string id, Action<Term, bool> write, bool exists)
    {
        lock (_idLocks[(id.GetHashCode() & int.MaxValue) % LockStripes])
        {
            var existed = _unrefreshed.TryGetValue(id, out var known)
                ? known.Exists
                : WithSearcher(searcher => FindByTerm(searcher, ArticleFields.Id, id) is not null);
            write(new Term(ArticleFields.Id, id), existed);
            _unrefreshed[id] = (exists, Interlocked.Increment(ref _sequence));
            return existed;
        }
    }

    /// <summary>The first live document with this exact term: a seek per segment, without a search's weights and collector.</summary>
    static int? FindByTerm(IndexSearcher searcher, string field, string id)
    {
        var bytes = new BytesRef(id);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            // Most writes are of new articles, whose id was sought in every segment: 29 of them at 900k articles into an
            // import, 4.3 % of its CPU (docs/BENCHMARKS.md, h-million4). The segment's filter rules out most.
            if (field == ArticleFields.Id && !SegmentIds.MayHave(leaf.AtomicReader, bytes)) continue;
            var doc = ReusedTerms.Docs(leaf.AtomicReader, field, bytes, leaf.AtomicReader.LiveDocs)?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS;
            if (doc != DocIdSetIterator.NO_MORE_DOCS) return leaf.DocBase + doc;
        }
        return null;
    }

    static IEnumerable<string> IdsOf(string site, string url)
    {
        yield return ArticleFields.IdOf(site, url);
        if (CanonicalUrl.Normalize(url) is { } canonical && canonical != url) yield return ArticleFields.IdOf(site, canonical);
    }

    void RunBackground()
    {
        while (!_stop.Token.WaitHandle.WaitOne(_options.RefreshInterval))
        {
            try
            {
                Refresh();
                var sinceCommit = TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastCommitTicks));
                if (sinceCommit >= _options.CommitInterval && _writer.HasUncommittedChanges()) Commit();
            }
            catch (Exception error)
            {
                _options.OnBackgroundError?.Invoke(error);
            }
        }
    }
}
