using System.Text.Json;

namespace SessionCloser.Transactions;

/// <summary>
/// The fields of a JSON object that session-closer itself wrote (a journal, an operation record), read strictly: an
/// object, no name twice (<c>JsonDocument</c> keeps both, and a forged second copy must not win silently), strings
/// that are strings. Each problem is raised through the caller's <c>invalid</c>, which names the file.
/// </summary>
internal static class StrictJsonObject
{
    public static Dictionary<string, JsonElement> Fields(JsonElement element, string where, Func<string, Exception> invalid)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw invalid($"{where} is a JSON {element.ValueKind}, not an object");
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw invalid($"{where} has \"{property.Name}\" twice");
            }
        }

        return fields;
    }

    public static string Text(Dictionary<string, JsonElement> fields, string name, string where, Func<string, Exception> invalid) =>
        fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw invalid($"{where}.{name} is {(fields.ContainsKey(name) ? "not a string" : "missing")}");
}
