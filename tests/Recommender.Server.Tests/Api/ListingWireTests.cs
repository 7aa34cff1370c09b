using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Server.Caching;
using Recommender.Server.Related;

namespace Recommender.Server.Tests.Api;

/// <summary>A list answer's bytes, ETag and cache key as the server makes them.</summary>
public sealed class ListingWireTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>
{
    static readonly ArticleListing Listing = new("0123456789.related...",
    [
        new("https://news.example.org/a?x=1&y=<2>", "Café “quoted” — ‘Ünïcode’ & <tags>", ["Ann O'Neil", "Bo"], "World", ["tag é", "t2"],
            new DateTime(2026, 11, 22, 8, 30, 15, 123, DateTimeKind.Utc), "https://img.example.org/a.jpg", "Line\nbreak \"and\" \\ slash", 0.1234, "because you read ‘x’"),
        new("https://news.example.org/b", "B", [], null, [], null, null, null, 12, "popular now"),
    ]);

    [Fact]
    public void The_servers_options_write_a_listing_with_generated_code_and_the_bytes_reflection_wrote()
    {
        var server = fixture.Server.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        // The server's settings (ASP.NET Core's relaxed encoder among them) with reflection-based metadata, as before.
        var reflection = new JsonSerializerOptions(server) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

        var listing = CachedListing.From(Listing, server);

        Assert.Same(ListingJson.Default, server.GetTypeInfo(typeof(ArticleListing)).OriginatingResolver);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(Listing, reflection), listing.Json);
    }

    [Fact]
    public void The_etag_is_strong_and_the_same_for_the_same_bytes_only()
    {
        var json = Encoding.UTF8.GetBytes("""{"rec_id":"0123456789.related...","data":[]}""");
        var changed = (byte[])json.Clone();
        changed[^3] = (byte)'{';

        var etag = CachedListing.ETagOf(json);

        Assert.Matches("^\"[A-Za-z0-9+/]{22}\"$", etag);
        Assert.Equal(etag, CachedListing.ETagOf((byte[])json.Clone()));
        Assert.NotEqual(etag, CachedListing.ETagOf(changed));
        Assert.NotEqual(etag, CachedListing.ETagOf(json.AsSpan(1)));
    }

    [Fact]
    public void A_key_built_from_a_profile_names_its_reader_only_as_a_hash_and_one_without_a_profile_names_none()
    {
        var request = new RecommendationRequest { Filter = new ArticleFilter { Site = "example.com" } };

        var withProfile = ListingKey.For("related", request, [], ("r1", 3));
        var withoutProfile = ListingKey.For("related", request, [], ("r1", 0));

        Assert.Equal(ListingKey.Owner("example.com", "r1"), withProfile.ProfileOwner);
        Assert.Matches("^[0-9a-f]{64}$", withProfile.ProfileOwner!);
        Assert.Null(withoutProfile.ProfileOwner);
        Assert.True(withoutProfile.IsPersonal);
    }
}
