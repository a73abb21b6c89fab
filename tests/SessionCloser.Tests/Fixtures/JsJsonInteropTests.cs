using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Fixtures;

namespace SessionCloser.Tests.Fixtures;

/// <summary>JsJson over nodes that did not come from JsJson.Parse, and what System.Text.Json gets wrong for OpenClaw bytes.</summary>
public class JsJsonInteropTests
{
    [Property(MaxTest = 200)]
    public Property Nodes_parsed_by_System_Text_Json_stringify_like_JsJson_parsed_ones() =>
        Prop.ForAll(JsonTextGen.Document.ToArbitrary(), text =>
        {
            string viaSystemTextJson;
            try
            {
                // JsonNode materializes objects lazily: duplicate keys and lone surrogates in property names
                // only throw once Stringify enumerates them.
                viaSystemTextJson = JsJson.Stringify(JsonNode.Parse(text));
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
            {
                return; // inputs System.Text.Json cannot represent are covered by the JsJson.Parse tests
            }

            viaSystemTextJson.Should().Be(JsJson.Stringify(JsJson.Parse(text)));
        });

    [Fact]
    public void Lone_surrogate_values_in_System_Text_Json_nodes_are_still_written()
    {
        // GetValue<string>() throws for these; JsJson decodes the raw element text instead.
        JsJson.Stringify(JsonNode.Parse("[\"a\\uDFFFb\", \"\\ud83d\"]"), 0).Should().Be("[\"a\\udfffb\",\"\\ud83d\"]");
    }

    [Fact]
    public void Typed_clr_numbers_print_as_js_numbers()
    {
        var node = new JsonObject
        {
            ["int"] = 42,
            ["long"] = 1776061122123L,
            ["decimal"] = 0.1m,
            ["double"] = 1e21,
            ["tiny"] = 1.5e-7,
            ["nan"] = double.NaN,
            ["negativeZero"] = -0.0,
            ["huge"] = long.MaxValue,
        };

        JsJson.Stringify(node, indent: 0).Should().Be(
            "{\"int\":42,\"long\":1776061122123,\"decimal\":0.1,\"double\":1e+21,\"tiny\":1.5e-7,\"nan\":null,\"negativeZero\":0,\"huge\":9223372036854776000}");
    }

    [Fact]
    public void Lone_surrogates_survive_a_JsJson_round_trip()
    {
        var node = JsJson.Parse("{\"label\":\"Deploy \\ud83d\"}")!;

        node["label"]!.GetValue<string>().Should().Be("Deploy \ud83d");
        JsJson.Stringify(node, 0).Should().Be("{\"label\":\"Deploy \\ud83d\"}");
    }

    [Fact]
    public void Malformed_json_is_rejected_like_JSON_parse()
    {
        foreach (var bad in new[] { "", "01", "1.", ".5", "+1", "[1,]", "{\"a\":1,}", "'x'", "\"\t\"", "\"\\x\"", "\"\\u12\"", "NaN", "[1] 2", "tru" })
        {
            var parse = () => JsJson.Parse(bad);
            parse.Should().Throw<FormatException>(bad);
        }
    }

    /// <summary>Documents why the fixtures cannot simply use System.Text.Json to write OpenClaw stores.</summary>
    [Fact]
    public void System_Text_Json_relaxed_output_is_not_JSON_stringify()
    {
        var relaxed = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };
        var text = "{\"s\":\"\\u2028 \\u007f \\ud83d\\ude00 \\u001f\",\"n\":1e21,\"m\":1.0}";

        JsonNode.Parse(text)!.ToJsonString(relaxed).Should().Be("{\n  \"s\": \"\\u2028 \\u007F \\uD83D\\uDE00 \\u001F\",\n  \"n\": 1e21,\n  \"m\": 1.0\n}");
        JsJson.Stringify(JsJson.Parse(text)).Should().Be("{\n  \"s\": \"\u2028 \u007f 😀 \\u001f\",\n  \"n\": 1e+21,\n  \"m\": 1\n}");

        var readLone = () => JsonNode.Parse("\"\\ud800\"")!.GetValue<string>();
        readLone.Should().Throw<InvalidOperationException>();
        JsonValue.Create("\ud800").ToJsonString().Should().Be("\"\\uFFFD\"", "System.Text.Json silently replaces a lone surrogate");

        var readDuplicate = () => JsonNode.Parse("{\"a\":1,\"a\":2}")!["a"];
        readDuplicate.Should().Throw<ArgumentException>("JsonNode fails lazily, on first access");
    }
}
