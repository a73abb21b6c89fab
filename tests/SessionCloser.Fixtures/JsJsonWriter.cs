using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures;

/// <summary>SerializeJSONProperty / SerializeJSONObject / SerializeJSONArray from ECMA-262, over JsonNode.</summary>
internal sealed class JsJsonWriter
{
    private readonly StringBuilder _out = new();
    private readonly string _gap;
    private string _indent = string.Empty;

    private JsJsonWriter(int indent)
    {
        // JSON.stringify clamps a numeric space argument to 0..10.
        _gap = new string(' ', Math.Clamp(indent, 0, 10));
    }

    public static string Write(JsonNode? node, int indent)
    {
        var writer = new JsJsonWriter(indent);
        writer.WriteValue(node);
        return writer._out.ToString();
    }

    private void WriteValue(JsonNode? node)
    {
        switch (node)
        {
            case null:
                _out.Append("null");
                break;
            case JsonObject obj:
                WriteObject(obj);
                break;
            case JsonArray array:
                WriteArray(array);
                break;
            case JsonValue value:
                WritePrimitive(value);
                break;
            default:
                throw new NotSupportedException($"Unknown JsonNode type {node.GetType()}.");
        }
    }

    private void WriteObject(JsonObject obj)
    {
        if (obj.Count == 0)
        {
            _out.Append("{}");
            return;
        }

        var outer = _indent;
        _indent += _gap;
        _out.Append('{');
        var first = true;
        foreach (var (key, value) in JsPropertyOrder.Enumerate(obj))
        {
            if (!first)
            {
                _out.Append(',');
            }

            first = false;
            NewLineAndIndent();
            JsStringQuoter.AppendQuoted(_out, key);
            _out.Append(':');
            if (_gap.Length > 0)
            {
                _out.Append(' ');
            }

            WriteValue(value);
        }

        _indent = outer;
        NewLineAndIndent();
        _out.Append('}');
    }

    private void WriteArray(JsonArray array)
    {
        if (array.Count == 0)
        {
            _out.Append("[]");
            return;
        }

        var outer = _indent;
        _indent += _gap;
        _out.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                _out.Append(',');
            }

            NewLineAndIndent();
            WriteValue(array[i]);
        }

        _indent = outer;
        NewLineAndIndent();
        _out.Append(']');
    }

    private void NewLineAndIndent()
    {
        if (_gap.Length > 0)
        {
            _out.Append('\n').Append(_indent);
        }
    }

    private void WritePrimitive(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                JsStringQuoter.AppendQuoted(_out, ReadString(value));
                break;
            case JsonValueKind.Number:
                var number = ReadNumber(value);
                _out.Append(double.IsFinite(number) ? JsNumberFormatter.Format(number) : "null");
                break;
            case JsonValueKind.True:
                _out.Append("true");
                break;
            case JsonValueKind.False:
                _out.Append("false");
                break;
            case JsonValueKind.Null:
                _out.Append("null");
                break;
            default:
                throw new NotSupportedException($"JsonValue of kind {value.GetValueKind()} has no JSON text.");
        }
    }

    private static string ReadString(JsonValue value)
    {
        // Element-backed values (from JsonNode.Parse) throw, rather than return false, on a lone-surrogate escape,
        // so decode those from their raw text, which JsJsonParser accepts like JSON.parse does.
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return (string)JsJsonParser.Parse(element.GetRawText())!;
        }

        return value.TryGetValue<string>(out var text) ? text : throw new NotSupportedException("String value could not be read.");
    }

    private static double ReadNumber(JsonValue value)
    {
        if (value.TryGetValue<double>(out var number))
        {
            return number;
        }

        if (value.TryGetValue<JsonElement>(out var element))
        {
            // 1e400 does not fit TryGetDouble; JS reads it as Infinity, and double.Parse agrees.
            return double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        // Typed CLR numbers (int, long, decimal, …): their JSON text parses to the same double JS would hold.
        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
