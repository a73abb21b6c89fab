using AwesomeAssertions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Fixtures;

namespace SessionCloser.Tests.Fixtures;

/// <summary>JsJson must produce the same bytes as Node's JSON.stringify(JSON.parse(text), null, 2).</summary>
public class JsJsonNodeParityTests
{
    // Hand-picked inputs whose expected output is also written down, so a reader sees the JS rules.
    public static readonly TheoryData<string, string> ExoticTable = new()
    {
        { "1e21", "1e+21" },
        { "1e20", "100000000000000000000" },
        { "999999999999999999999", "1e+21" },
        { "1e-7", "1e-7" },
        { "1.5e-7", "1.5e-7" },
        { "1e-6", "0.000001" },
        { "5e-324", "5e-324" },
        { "1.7976931348623157e308", "1.7976931348623157e+308" },
        { "1e400", "null" },
        { "-0", "0" },
        { "1.0", "1" },
        { "1E5", "100000" },
        { "0.30000000000000004", "0.30000000000000004" },
        { "123456789012345678901234567890", "1.2345678901234568e+29" },
        { "9007199254740993", "9007199254740992" },
        { "\"\\uD800\"", "\"\\ud800\"" },
        { "\"\\ud83d\\ude00\"", "\"😀\"" },
        { "\"\\u2028\\u007f\\u001F\\/\"", "\"\u2028\u007f\\u001f/\"" },
        { "\"\\u0000\\b\\f\"", "\"\\u0000\\b\\f\"" },
        { "{}", "{}" },
        { "[]", "[]" },
        { "[{}, [], {\"a\": []}]", "[\n  {},\n  [],\n  {\n    \"a\": []\n  }\n]" },
        { "{\"b\":1,\"10\":2,\"a\":3,\"2\":4,\"01\":5,\"4294967295\":6,\"4294967294\":7}",
            "{\n  \"2\": 4,\n  \"10\": 2,\n  \"4294967294\": 7,\n  \"b\": 1,\n  \"a\": 3,\n  \"01\": 5,\n  \"4294967295\": 6\n}" },
        { "{\"a\":1,\"b\":2,\"a\":3}", "{\n  \"a\": 3,\n  \"b\": 2\n}" },
        { "{\"__proto__\":{\"x\":1}}", "{\n  \"__proto__\": {\n    \"x\": 1\n  }\n}" },
    };

    // A key that is one backslash, then one-character escaped keys: Node 24.21 gets these wrong (see JsonTextGen.Key),
    // so the expectation is written down, not asked of Node. Found by Generated_documents_match_node, FsCheck replay
    // (16977756574159716754,8132954170122154869,100).
    public static readonly TheoryData<string, string> BackslashKeyTable = new()
    {
        { "{\"\\u005c\":1,\"\\u000a\":2,\"\\u0041\":3,\"\\u0022\":4}", "{\n  \"\\\\\": 1,\n  \"\\n\": 2,\n  \"A\": 3,\n  \"\\\"\": 4\n}" },
        { "[{\"\\\\\":[]},{\"\\n\":{\"139\":{},\"\\t\":0}}]", "[\n  {\n    \"\\\\\": []\n  },\n  {\n    \"\\n\": {\n      \"139\": {},\n      \"\\t\": 0\n    }\n  }\n]" },
    };

    [Theory]
    [MemberData(nameof(BackslashKeyTable))]
    public void One_backslash_key_does_not_change_later_escaped_keys(string input, string expected)
    {
        JsJson.Stringify(JsJson.Parse(input)).Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(ExoticTable))]
    public void Exotic_input_gives_the_documented_output(string input, string expected)
    {
        JsJson.Stringify(JsJson.Parse(input)).Should().Be(expected);
    }

    [Fact]
    public void Exotic_table_and_number_list_match_node()
    {
        var inputs = ExoticTable.Select(row => row.Data.Item1)
            .Concat(JsonTextGen.ExoticNumbers)
            .Concat(JsonTextGen.ExoticNumbers.Select(n => $"{{\"n\":[{n}]}}"))
            .ToArray();

        AssertMatchesNode(inputs, indent: 2);
    }

    [Property(MaxTest = 15)]
    public Property Generated_documents_match_node() =>
        Prop.ForAll(JsonTextGen.Batch(60).ToArbitrary(), texts => AssertMatchesNode(texts, indent: 2));

    [Property(MaxTest = 3)]
    public Property Other_indents_match_node() =>
        Prop.ForAll(
            JsonTextGen.Batch(40).ToArbitrary(),
            Gen.Elements(0, 1, 4, 10, 11).ToArbitrary(),
            (texts, indent) => AssertMatchesNode(texts, indent));

    private static void AssertMatchesNode(string[] inputs, int indent)
    {
        var expected = NodeJsonOracle.StringifyAll(inputs, indent);
        for (var i = 0; i < inputs.Length; i++)
        {
            var actual = JsJson.Stringify(JsJson.Parse(inputs[i]), indent);
            actual.Should().Be(expected[i], "input #{0} was {1}", i, inputs[i]);
        }
    }
}
