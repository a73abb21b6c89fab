using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Config;

namespace SessionCloser.Tests.Paths;

public class Json5Tests
{
    /// <summary>JSON5 input and the plain JSON it must mean.</summary>
    public static TheoryData<string, string> Equivalents => new()
    {
        { "// comment\n{a: 1}", """{"a":1}""" },
        { "/* block\n comment */ [1, /* inline */ 2]", "[1,2]" },
        { "{a: 1, b: [1, 2,],}", """{"a":1,"b":[1,2]}""" },
        { "{$id: 1, _x: 2, ünï: 3, a1: 4, \\u0061b: 5}", """{"$id":1,"_x":2,"ünï":3,"a1":4,"ab":5}""" },
        { "{null: 1, true: 2, Infinity: 3}", """{"null":1,"true":2,"Infinity":3}""" },
        { "'single \"quoted\"'", "\"single \\\"quoted\\\"\"" },
        { "\"it's\"", "\"it's\"" },
        { "'\\x41\\u0042\\'\\\"\\\\\\/\\b\\f\\n\\r\\t\\v\\0'", "\"AB'\\\"\\\\/\\b\\f\\n\\r\\t\\u000b\\u0000\"" },
        { "'\\a\\c'", "\"ac\"" },
        { "'line one \\\nline two'", "\"line one line two\"" },
        { "'crlf \\\r\ncontinued'", "\"crlf continued\"" },
        { "'cr \\\rcontinued'", "\"cr continued\"" },
        { "'ls \\\u2028ps \\\u2029done'", "\"ls ps done\"" },
        { "'raw \u2028 separator'", "\"raw \\u2028 separator\"" },
        { "0x1F", "31" },
        { "-0XfF", "-255" },
        { "+1", "1" },
        { ".5", "0.5" },
        { "-.5", "-0.5" },
        { "5.", "5" },
        { "5.e2", "5e2" },
        { "1e-3", "0.001" },
        { "0", "0" },
        { "-0", "-0" },
        { "0.0", "0" },
        { "\uFEFF\u00A0\u2003\t\v\f {}", "{}" },
        { "{a: 1, a: 2}", """{"a":2}""" },
        { "[]", "[]" },
        { "null", "null" },
    };

    [Theory]
    [MemberData(nameof(Equivalents))]
    public void Parses_json5_syntax(string json5, string json) =>
        JsonNode.DeepEquals(Json5.Parse(json5), JsonNode.Parse(json)).Should().BeTrue($"{json5} should mean {json}");

    [Theory]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("+Infinity", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("-NaN", double.NaN)]
    [InlineData("0x20000000000001", 9007199254740992.0)]
    public void Special_numbers_become_doubles(string text, double expected) =>
        Json5.Parse(text)!.GetValue<double>().Should().Be(expected);

    [Fact]
    public void Hex_up_to_2_pow_53_is_an_exact_integer() =>
        Json5.Parse("0x1FFFFFFFFFFFFF")!.GetValue<long>().Should().Be(9007199254740991);

    [Fact]
    public void Multi_line_string_keeps_the_text_around_the_continuation() =>
        Json5.Parse("{s: 'a\\\n  b'}")!["s"]!.GetValue<string>().Should().Be("a  b");

    [Theory]
    [InlineData("", 1, 1, "end of input")]
    [InlineData("{", 1, 2, "end of input")]
    [InlineData("{a:1", 1, 5, "end of input")]
    [InlineData("[1,,]", 1, 4, "','")]
    [InlineData("{\n  a: 01\n}", 2, 7, "'1'")]
    [InlineData("'abc", 1, 5, "end of input")]
    [InlineData("'a\nb'", 1, 3, "\\u000a")]
    [InlineData("'\\1'", 1, 3, "'1'")]
    [InlineData("'\\01'", 1, 4, "'1'")]
    [InlineData("'\\xZ1'", 1, 4, "'Z'")]
    [InlineData("{1a: 2}", 1, 2, "'1'")]
    [InlineData("{a b: 1}", 1, 4, "'b'")]
    [InlineData("/* open", 1, 8, "end of input")]
    [InlineData("/ x", 1, 2, "\\u0020")]
    [InlineData("tru", 1, 4, "end of input")]
    [InlineData("Inf", 1, 4, "end of input")]
    [InlineData("0x", 1, 3, "end of input")]
    [InlineData(".", 1, 2, "end of input")]
    [InlineData("1e", 1, 3, "end of input")]
    [InlineData("[1] x", 1, 5, "'x'")]
    [InlineData("{a: undefined}", 1, 5, "'u'")]
    public void Errors_report_line_and_column(string text, int line, int column, string fragment)
    {
        var error = FluentActions.Invoking(() => Json5.Parse(text)).Should().Throw<Json5Exception>().Which;
        (error.Line, error.Column).Should().Be((line, column));
        error.Message.Should().Contain(fragment).And.Contain($"at {line}:{column}");
    }

    [Fact]
    public void Excessive_nesting_is_refused_not_a_stack_overflow()
    {
        var deep = new string('[', Json5.MaxDepth + 1) + new string(']', Json5.MaxDepth + 1);
        FluentActions.Invoking(() => Json5.Parse(deep)).Should().Throw<Json5Exception>().WithMessage("*nesting*");
        Json5.Parse(new string('[', Json5.MaxDepth) + new string(']', Json5.MaxDepth)).Should().BeOfType<JsonArray>();
    }

    [FsCheck.Xunit.Property(MaxTest = 400)]
    public bool Any_json_text_parses_exactly_like_System_Text_Json(int seed)
    {
        var text = RandomJson.Document(new Random(seed));
        return JsonNode.DeepEquals(Json5.Parse(text), JsonNode.Parse(text));
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public bool Json5_comments_and_trailing_commas_do_not_change_the_value(int seed)
    {
        var random = new Random(seed);
        var text = RandomJson.Document(random, json5Noise: true);
        var plain = RandomJson.Document(new Random(seed), json5Noise: false);
        return JsonNode.DeepEquals(Json5.Parse(text), JsonNode.Parse(plain));
    }
}
