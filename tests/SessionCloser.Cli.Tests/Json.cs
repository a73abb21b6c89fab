using System.Text.Json;

namespace SessionCloser.Cli.Tests;

/// <summary>Reads a command's --json output for assertions.</summary>
internal static class Json
{
    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The property names of an object, in the order they were written.</summary>
    public static IReadOnlyList<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    public static IReadOnlyList<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];

    public static string? Text(this JsonElement element, string name) => element.GetProperty(name).GetString();

    public static bool IsNull(this JsonElement element, string name) => element.GetProperty(name).ValueKind == JsonValueKind.Null;
}
