using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Store;

namespace SessionCloser.Tests.Store;

/// <summary>For any valid store text, the entry spans and the framing between them cover the file exactly.</summary>
public class StoreSpanProperties
{
    private static readonly Gen<string> Whitespace = Gen.Elements("", " ", "\n", "\t", "\r\n", "  \n    ");

    private static readonly Gen<string> StringToken = Gen.Elements(
        "\"\"", "\"agent:main:x\"", "\"é😀\"", "\"\\ud800\"", "\"a\\\"b\\\\c\\n\"", "\"\\u0041\"", "\"main\"", "\"10\"", "\"0\"");

    private static readonly Gen<string> Scalar = Gen.OneOf(
        StringToken,
        Gen.Elements("0", "-0", "1.5e-7", "1e21", "123456789012345678901234567890", "true", "false", "null", "1776061122123"));

    private static Gen<string> Value(int depth) => depth <= 0
        ? Scalar
        : Gen.OneOf(Scalar, Container(depth - 1, '[', ']', Value(depth - 1)), Container(depth - 1, '{', '}', Member(depth - 1)));

    private static Gen<string> Member(int depth) =>
        from key in StringToken
        from w1 in Whitespace
        from w2 in Whitespace
        from value in Value(depth)
        select key + w1 + ":" + w2 + value;

    private static Gen<string> Container(int depth, char open, char close, Gen<string> item) =>
        from items in Gen.ListOf(item).Select(l => l.Take(4).ToList())
        from w in Whitespace
        select open + w + string.Join("," + w, items) + w + close;

    private static readonly Gen<(string Text, List<(string Key, string Value)> Members)> Stores =
        from count in Gen.Choose(0, 6)
        from values in Gen.ArrayOf(Value(3), count)
        from spaces in Gen.ArrayOf(Whitespace, (count * 4) + 2)
        select Build(values, spaces);

    private static (string, List<(string, string)>) Build(string[] values, string[] spaces)
    {
        var members = values.Select((v, i) => ($"\"agent:main:k{i}\"", v)).ToList();
        var text = new StringBuilder(spaces[0] + "{");
        for (var i = 0; i < members.Count; i++)
        {
            text.Append(i > 0 ? "," : "").Append(spaces[(4 * i) + 1]).Append(members[i].Item1).Append(spaces[(4 * i) + 2])
                .Append(':').Append(spaces[(4 * i) + 3]).Append(members[i].Item2).Append(spaces[(4 * i) + 4]);
        }

        return (text.Append('}').Append(spaces[^1]).ToString(), members);
    }

    [Property(MaxTest = 300)]
    public Property Spans_and_framing_cover_the_file_exactly() => Prop.ForAll(Stores.ToArbitrary(), store =>
    {
        var bytes = Encoding.UTF8.GetBytes(store.Text);
        var snapshot = StoreReader.Parse(bytes, "sessions.json");
        var entries = snapshot.Entries;

        var framing = new StringBuilder();
        var at = 0;
        foreach (var entry in entries)
        {
            framing.Append(Encoding.UTF8.GetString(bytes, at, entry.KeyToken.Start - at)).Append('K');
            framing.Append(Encoding.UTF8.GetString(bytes, entry.KeyToken.End, entry.Value.Start - entry.KeyToken.End)).Append('V');
            at = entry.Value.End;
        }

        framing.Append(Encoding.UTF8.GetString(bytes, at, bytes.Length - at));
        var skeleton = framing.ToString().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)
            .Replace("\t", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        var expectedSkeleton = "{" + string.Join(",", entries.Select(_ => "K:V")) + "}";

        return (entries.Count == store.Members.Count).Label("count")
            .And(entries.Select(e => Encoding.UTF8.GetString(e.KeyToken.Of(bytes))).SequenceEqual(store.Members.Select(m => m.Key))).Label("keys")
            .And(entries.Select(e => Encoding.UTF8.GetString(e.Value.Of(bytes))).SequenceEqual(store.Members.Select(m => m.Value))).Label("values")
            .And(skeleton == expectedSkeleton).Label("framing: " + skeleton);
    });

    [Property(MaxTest = 300)]
    public Property Composing_every_entry_reparses_to_the_same_entries() => Prop.ForAll(Stores.ToArbitrary(), store =>
    {
        var snapshot = StoreReader.Parse(Encoding.UTF8.GetBytes(store.Text), "sessions.json");
        var composed = StoreWriter.Compose(snapshot, snapshot.Entries);
        var again = StoreReader.Parse(composed, "sessions.json");

        return again.HasOpenClawLayout
            && again.Entries.Select(e => (e.Key, Encoding.UTF8.GetString(e.Value.Of(composed))))
                .SequenceEqual(snapshot.Entries.Select(e => (e.Key, Encoding.UTF8.GetString(e.Value.Of(snapshot.Bytes.Span)))));
    });
}
