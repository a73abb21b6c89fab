using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures;

/// <summary>
/// A small strict JSON parser with JSON.parse semantics. Hand-written because System.Text.Json rejects
/// lone-surrogate escapes and duplicate keys, both of which JSON.parse accepts.
/// </summary>
internal sealed class JsJsonParser
{
    private readonly string _text;
    private int _pos;

    private JsJsonParser(string text) => _text = text;

    public static JsonNode? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new JsJsonParser(text);
        parser.SkipWhitespace();
        var value = parser.ParseValue();
        parser.SkipWhitespace();
        if (parser._pos != text.Length)
        {
            throw parser.Error("Unexpected text after the JSON value");
        }

        return value;
    }

    private JsonNode? ParseValue()
    {
        if (_pos >= _text.Length)
        {
            throw Error("Unexpected end of JSON input");
        }

        switch (_text[_pos])
        {
            case '{': return ParseObject();
            case '[': return ParseArray();
            case '"': return JsonValue.Create(ParseString());
            case 't': ExpectLiteral("true"); return JsonValue.Create(true);
            case 'f': ExpectLiteral("false"); return JsonValue.Create(false);
            case 'n': ExpectLiteral("null"); return null;
            default: return JsonValue.Create(ParseNumber());
        }
    }

    private JsonObject ParseObject()
    {
        _pos++;
        var obj = new JsonObject();
        SkipWhitespace();
        if (TryConsume('}'))
        {
            return obj;
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Error("Expected a property name");
            }

            var key = ParseString();
            SkipWhitespace();
            Expect(':');
            SkipWhitespace();

            // The indexer replaces an existing key in place: the first position, the last value, like JSON.parse.
            obj[key] = ParseValue();
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return obj;
            }

            Expect(',');
        }
    }

    private JsonArray ParseArray()
    {
        _pos++;
        var array = new JsonArray();
        SkipWhitespace();
        if (TryConsume(']'))
        {
            return array;
        }

        while (true)
        {
            SkipWhitespace();
            array.Add(ParseValue());
            SkipWhitespace();
            if (TryConsume(']'))
            {
                return array;
            }

            Expect(',');
        }
    }

    private string ParseString()
    {
        _pos++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("Unterminated string");
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c < ' ')
            {
                throw Error("Bad control character in string literal");
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                throw Error("Unterminated escape");
            }

            var escape = _text[_pos++];
            builder.Append(escape switch
            {
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'u' => ParseHexCodeUnit(),
                _ => throw Error("Bad escaped character"),
            });
        }
    }

    private char ParseHexCodeUnit()
    {
        if (_pos + 4 > _text.Length
            || !ushort.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
        {
            throw Error("Bad Unicode escape");
        }

        _pos += 4;
        return (char)unit;
    }

    private double ParseNumber()
    {
        var start = _pos;
        TryConsume('-');
        if (TryConsume('0'))
        {
            // JSON forbids leading zeros: "01" is not a number.
        }
        else if (!ConsumeDigits())
        {
            throw Error("Unexpected token");
        }

        if (TryConsume('.') && !ConsumeDigits())
        {
            throw Error("Unterminated fractional number");
        }

        if (TryConsume('e') || TryConsume('E'))
        {
            _ = TryConsume('+') || TryConsume('-');
            if (!ConsumeDigits())
            {
                throw Error("Exponent part is missing a number");
            }
        }

        // .NET Core 3.0+ parses with correct IEEE rounding and overflows to ±Infinity, as JS does.
        return double.Parse(_text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private bool ConsumeDigits()
    {
        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        return _pos > start;
    }

    private void ExpectLiteral(string literal)
    {
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            throw Error("Unexpected token");
        }

        _pos += literal.Length;
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private bool TryConsume(char expected)
    {
        if (Peek() != expected || _pos >= _text.Length)
        {
            return false;
        }

        _pos++;
        return true;
    }

    private void Expect(char expected)
    {
        if (!TryConsume(expected))
        {
            throw Error($"Expected '{expected}'");
        }
    }

    private FormatException Error(string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{message} in JSON at position {_pos}."));
}
