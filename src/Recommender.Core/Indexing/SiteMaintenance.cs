namespace Recommender.Core.Indexing;

/// <summary>
/// What a site's engineer does to its catalogue in this node's index: read its size, delete an article,
/// and re-index every article from its stored fields (after a change of analysis, such as the site's language).
/// Each change is committed and made searchable before it returns.
/// </summary>
public sealed class SiteMaintenance(ArticleIndex index)
{
    public SiteStats Stats(string site)
    {
        var newest = index.Search(null, new ArticleFilter { Site = site }, 0, 1, ArticleSort.PubDateDescending).Hits;
        return new SiteStats(index.Count(site), newest.Count > 0 ? newest[0].Article.PubDate : null);
    }

    /// <summary>Removes the article; false when the index has none at that URL.</summary>
    public bool Delete(string site, string url)
    {
        if (!index.Delete(site, url)) return false;
        Publish();
        return true;
    }

    /// <summary>Writes every article of the site again from what the index stores; the number written.</summary>
    public int Reindex(string site)
    {
        // Every URL first: the articles are rewritten as they are read, and a searcher sees the index of one moment.
        var urls = index.Search(null, new ArticleFilter { Site = site }, 0, int.MaxValue, ArticleSort.Score).Hits.Select(h => h.Article.Url).ToList();
        var written = 0;
        foreach (var url in urls)
        {
            if (index.Get(site, url) is not { } article) continue;
            index.Upsert(article with { Story = null });
            written++;
        }
        Publish();
        return written;
    }

    void Publish()
    {
        index.Commit();
        index.Refresh();
    }
}

/// <param name="Articles">Articles of the site in this node's index.</param>
/// <param name="NewestPubDate">The publication date of its newest article; null when it has none dated.</param>
public sealed record SiteStats(int Articles, DateTimeOffset? NewestPubDate);
