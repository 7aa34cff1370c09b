using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Core.Events;

/// <summary>The one JSON shape of a <see cref="PageEvent"/> on every stream (snake_case, action as "pageview"/"heartbeat").</summary>
public static class PageEventJson
{
    public static byte[] Serialize(PageEvent pageEvent) =>
        JsonSerializer.SerializeToUtf8Bytes(pageEvent, PageEventJsonContext.Default.PageEvent);

    /// <exception cref="JsonException">The bytes are not a complete event.</exception>
    public static PageEvent Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, PageEventJsonContext.Default.PageEvent) ?? throw new JsonException("The event is null.");
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    // Nulls are written: every constructor parameter is required when read, the nullable ones too.
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(PageEvent))]
partial class PageEventJsonContext : JsonSerializerContext;
