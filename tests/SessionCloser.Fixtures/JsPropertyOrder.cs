using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures;

/// <summary>
/// OrdinaryOwnPropertyKeys: array-index keys ("0".."4294967294") come first in ascending numeric order,
/// then the other keys in insertion order. JSON.stringify walks properties in this order.
/// </summary>
internal static class JsPropertyOrder
{
    private const ulong MaxArrayIndex = 4_294_967_294;

    public static IEnumerable<KeyValuePair<string, JsonNode?>> Enumerate(JsonObject obj)
    {
        List<(ulong Index, KeyValuePair<string, JsonNode?> Property)>? indexed = null;
        foreach (var property in obj)
        {
            if (TryGetArrayIndex(property.Key, out var index))
            {
                (indexed ??= []).Add((index, property));
            }
        }

        if (indexed is null)
        {
            return obj;
        }

        indexed.Sort((a, b) => a.Index.CompareTo(b.Index));
        return indexed.Select(i => i.Property).Concat(obj.Where(p => !TryGetArrayIndex(p.Key, out _)));
    }

    /// <summary>True for canonical numeric strings only: "0", "7", "42", but not "007", "-1", "1.0" or "4294967295".</summary>
    public static bool TryGetArrayIndex(string key, out ulong index)
    {
        index = 0;
        if (key.Length is 0 or > 10 || (key.Length > 1 && key[0] == '0'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            index = (index * 10) + (ulong)(c - '0');
        }

        return index <= MaxArrayIndex;
    }
}
