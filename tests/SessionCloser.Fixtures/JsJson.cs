using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures;

/// <summary>
/// JavaScript JSON semantics for fixtures: <see cref="Stringify"/> produces exactly the bytes of
/// <c>JSON.stringify(value, null, indent)</c> in Node, so generated stores match what OpenClaw writes.
/// </summary>
public static class JsJson
{
    /// <summary>Exactly <c>JSON.stringify(node, null, indent)</c>; <see langword="null"/> means JSON null.</summary>
    /// <remarks>Numbers are formatted as JS doubles, so integers beyond 2^53 lose precision exactly like in Node.</remarks>
    public static string Stringify(JsonNode? node, int indent = 2) => JsJsonWriter.Write(node, indent);

    /// <summary>
    /// <c>JSON.parse</c>: numbers become doubles, duplicate keys keep the first position with the last value,
    /// and lone surrogates from <c>\uD800</c> escapes survive (System.Text.Json refuses them).
    /// </summary>
    public static JsonNode? Parse(string text) => JsJsonParser.Parse(text);
}
