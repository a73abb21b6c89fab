using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;

using SessionCloser.JavaScript;

namespace SessionCloser.Config;

/// <summary>Recursive-descent JSON5 reader; one instance per text. See <see cref="Json5"/>.</summary>
internal sealed class Json5Parser(string text)
{
    // 2^53: above it a JavaScript number no longer holds every integer, so hex literals become doubles there.
    private const long MaxSafeInteger = 9_007_199_254_740_992;

    private readonly string _text = text;
    private int _pos;
    private int _depth;

    public JsonNode? ParseDocument()
    {
        SkipWhiteSpaceAndComments();
        var value = ParseValue();
        SkipWhiteSpaceAndComments();
        if (_pos < _text.Length)
        {
            throw InvalidChar();
        }

        return value;
    }

    private JsonNode? ParseValue()
    {
        if (_pos >= _text.Length)
        {
            throw EndOfInput();
        }

        var c = _text[_pos];
        switch (c)
        {
            case '{':
                return ParseObject();
            case '[':
                return ParseArray();
            case '"' or '\'':
                return JsonValue.Create(ParseString());
            case 'n':
                ExpectWord("null");
                return null;
            case 't':
                ExpectWord("true");
                return JsonValue.Create(true);
            case 'f':
                ExpectWord("false");
                return JsonValue.Create(false);
            default:
                if (c is '-' or '+' or '.' or 'I' or 'N' || char.IsAsciiDigit(c))
                {
                    return ParseNumber();
                }

                throw InvalidChar();
        }
    }

    private JsonObject ParseObject()
    {
        EnterNested();
        _pos++; // {
        var result = new JsonObject();
        SkipWhiteSpaceAndComments();
        while (Peek() != '}')
        {
            var key = Peek() is '"' or '\'' ? ParseString() : ParseIdentifier();
            SkipWhiteSpaceAndComments();
            Expect(':');
            SkipWhiteSpaceAndComments();
            // A repeated key replaces the earlier value, as assigning to a JavaScript object does.
            result[key] = ParseValue();
            SkipWhiteSpaceAndComments();
            if (Peek() == ',')
            {
                _pos++;
                SkipWhiteSpaceAndComments();
                continue;
            }

            if (Peek() != '}')
            {
                throw _pos >= _text.Length ? EndOfInput() : InvalidChar();
            }
        }

        _pos++; // }
        _depth--;
        return result;
    }

    private JsonArray ParseArray()
    {
        EnterNested();
        _pos++; // [
        var result = new JsonArray();
        SkipWhiteSpaceAndComments();
        while (Peek() != ']')
        {
            result.Add(ParseValue());
            SkipWhiteSpaceAndComments();
            if (Peek() == ',')
            {
                _pos++;
                SkipWhiteSpaceAndComments();
                continue;
            }

            if (Peek() != ']')
            {
                throw _pos >= _text.Length ? EndOfInput() : InvalidChar();
            }
        }

        _pos++; // ]
        _depth--;
        return result;
    }

    private void EnterNested()
    {
        if (++_depth > Json5.MaxDepth)
        {
            throw Error($"nesting deeper than {Json5.MaxDepth} levels");
        }
    }

    private string ParseString()
    {
        var quote = _text[_pos++];
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw EndOfInput();
            }

            var c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                return builder.ToString();
            }

            switch (c)
            {
                case '\\':
                    _pos++;
                    ReadEscape(builder);
                    break;
                case '\n' or '\r':
                    // U+2028/U+2029 are allowed raw (JSON allows them); real line breaks need a backslash.
                    throw InvalidChar();
                default:
                    builder.Append(c);
                    _pos++;
                    break;
            }
        }
    }

    private void ReadEscape(StringBuilder builder)
    {
        if (_pos >= _text.Length)
        {
            throw EndOfInput();
        }

        var c = _text[_pos++];
        switch (c)
        {
            case 'b': builder.Append('\b'); break;
            case 'f': builder.Append('\f'); break;
            case 'n': builder.Append('\n'); break;
            case 'r': builder.Append('\r'); break;
            case 't': builder.Append('\t'); break;
            case 'v': builder.Append('\v'); break;
            case '0':
                if (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    throw InvalidChar();
                }

                builder.Append('\0');
                break;
            case 'x':
                builder.Append((char)ReadHex(2));
                break;
            case 'u':
                builder.Append((char)ReadHex(4));
                break;
            case '\r':
                // Line continuation: the escaped break (CRLF counts as one) vanishes.
                if (Peek() == '\n')
                {
                    _pos++;
                }

                break;
            case '\n' or '\u2028' or '\u2029':
                break;
            case >= '1' and <= '9':
                _pos--;
                throw InvalidChar();
            default:
                // Any other escaped char stands for itself (\' \" \\ \/ and e.g. \a -> a).
                builder.Append(c);
                break;
        }
    }

    private int ReadHex(int digits)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            if (_pos >= _text.Length)
            {
                throw EndOfInput();
            }

            var digit = HexValue(_text[_pos]);
            if (digit < 0)
            {
                throw InvalidChar();
            }

            value = (value * 16) + digit;
            _pos++;
        }

        return value;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private JsonValue ParseNumber()
    {
        var negative = false;
        if (Peek() is '-' or '+')
        {
            negative = _text[_pos] == '-';
            _pos++;
        }

        switch (Peek())
        {
            case 'I':
                ExpectWord("Infinity");
                return JsonValue.Create(negative ? double.NegativeInfinity : double.PositiveInfinity);
            case 'N':
                ExpectWord("NaN");
                return JsonValue.Create(double.NaN);
            case '0' when _pos + 1 < _text.Length && _text[_pos + 1] is 'x' or 'X':
                _pos += 2;
                return ParseHexInteger(negative);
            default:
                return ParseDecimal(negative);
        }
    }

    private JsonValue ParseHexInteger(bool negative)
    {
        var start = _pos;
        while (_pos < _text.Length && HexValue(_text[_pos]) >= 0)
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw _pos >= _text.Length ? EndOfInput() : InvalidChar();
        }

        var magnitude = BigInteger.Parse("0" + _text[start.._pos], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var value = negative ? -magnitude : magnitude;
        return BigInteger.Abs(value) <= MaxSafeInteger
            ? JsonValue.Create((long)value)
            : JsonValue.Create((double)value);
    }

    /// <summary>
    /// Reads a decimal literal and rewrites it in JSON form (no '+', a digit on both sides of '.'),
    /// so it keeps the exact text System.Text.Json would keep for the same number.
    /// </summary>
    private JsonValue ParseDecimal(bool negative)
    {
        var json = new StringBuilder(negative ? "-" : string.Empty);
        var integerDigits = ReadDigits(json);
        if (integerDigits > 1 && json[negative ? 1 : 0] == '0')
        {
            // A leading zero may only stand alone: 01 is not a number in JSON5 either.
            _pos -= integerDigits - 1;
            throw InvalidChar();
        }

        var fractionDigits = 0;
        if (Peek() == '.')
        {
            _pos++;
            if (integerDigits == 0)
            {
                json.Append('0');
            }

            var dot = json.Length;
            json.Append('.');
            fractionDigits = ReadDigits(json);
            if (fractionDigits == 0)
            {
                json.Length = dot; // "5." is 5
            }
        }

        if (integerDigits == 0 && fractionDigits == 0)
        {
            throw _pos >= _text.Length ? EndOfInput() : InvalidChar();
        }

        if (Peek() is 'e' or 'E')
        {
            json.Append('e');
            _pos++;
            if (Peek() is '+' or '-')
            {
                json.Append(_text[_pos++]);
            }

            if (ReadDigits(json) == 0)
            {
                throw _pos >= _text.Length ? EndOfInput() : InvalidChar();
            }
        }

        return (JsonValue)JsonNode.Parse(json.ToString())!;
    }

    private int ReadDigits(StringBuilder into)
    {
        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            into.Append(_text[_pos++]);
        }

        return _pos - start;
    }

    private string ParseIdentifier()
    {
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                if (builder.Length == 0)
                {
                    throw EndOfInput();
                }

                return builder.ToString();
            }

            var start = _pos;
            string piece;
            if (_text[_pos] == '\\')
            {
                _pos++;
                if (Peek() != 'u')
                {
                    throw _pos >= _text.Length ? EndOfInput() : InvalidChar();
                }

                _pos++;
                piece = ((char)ReadHex(4)).ToString();
            }
            else
            {
                var status = Rune.DecodeFromUtf16(_text.AsSpan(_pos), out var rune, out var consumed);
                piece = status == System.Buffers.OperationStatus.Done ? rune.ToString() : _text[_pos].ToString();
                _pos += consumed;
            }

            if (!IsIdentifierPiece(piece, builder.Length == 0))
            {
                if (builder.Length > 0 && _text[start] != '\\')
                {
                    _pos = start;
                    return builder.ToString();
                }

                _pos = start;
                throw InvalidChar();
            }

            builder.Append(piece);
        }
    }

    private static bool IsIdentifierPiece(string piece, bool first)
    {
        if (piece is "$" or "_")
        {
            return true;
        }

        if (!first && piece is "\u200C" or "\u200D")
        {
            return true;
        }

        if (!Rune.TryGetRuneAt(piece, 0, out var rune))
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber => true,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => !first,
            _ => false,
        };
    }

    private void SkipWhiteSpaceAndComments()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (JsText.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                _pos += 2;
                while (_pos < _text.Length && _text[_pos] is not ('\n' or '\r' or '\u2028' or '\u2029'))
                {
                    _pos++;
                }
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
            {
                var end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    _pos = _text.Length;
                    throw EndOfInput();
                }

                _pos = end + 2;
            }
            else if (c == '/')
            {
                _pos++;
                throw _pos >= _text.Length ? EndOfInput() : InvalidChar();
            }
            else
            {
                return;
            }
        }
    }

    private void ExpectWord(string word)
    {
        foreach (var expected in word)
        {
            if (_pos >= _text.Length)
            {
                throw EndOfInput();
            }

            if (_text[_pos] != expected)
            {
                throw InvalidChar();
            }

            _pos++;
        }
    }

    private void Expect(char expected)
    {
        if (_pos >= _text.Length)
        {
            throw EndOfInput();
        }

        if (_text[_pos] != expected)
        {
            throw InvalidChar();
        }

        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private Json5Exception InvalidChar()
    {
        var c = _text[_pos];
        var shown = char.IsControl(c) || char.IsWhiteSpace(c)
            ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture)
            : c.ToString();
        return Error($"invalid character '{shown}'");
    }

    private Json5Exception EndOfInput() => Error("invalid end of input");

    private Json5Exception Error(string reason)
    {
        var position = Math.Min(_pos, _text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new Json5Exception(reason, line, position - lineStart + 1);
    }
}
