using System.Text.Json.Nodes;

namespace SessionCloser.Config;

/// <summary>
/// A JSON5 (https://spec.json5.org) reader producing System.Text.Json nodes, because openclaw.json is JSON5.
/// No reflection, so it is AOT-safe. Semantics follow the json5 npm package OpenClaw uses: duplicate keys keep the
/// last value, Infinity/NaN become doubles, and plain JSON parses exactly as <see cref="JsonNode.Parse(string, JsonNodeOptions?, System.Text.Json.JsonDocumentOptions)"/> would.
/// </summary>
internal static class Json5
{
    /// <summary>The deepest nesting accepted; deeper input is refused instead of exhausting the stack.</summary>
    public const int MaxDepth = 512;

    /// <summary>Parses one JSON5 value. Returns null for the literal <c>null</c>.</summary>
    /// <exception cref="Json5Exception">The text is not JSON5; the exception carries line and column.</exception>
    public static JsonNode? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Json5Parser(text).ParseDocument();
    }
}
