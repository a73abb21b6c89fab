using System.Text;
using AwesomeAssertions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Store;

namespace SessionCloser.Tests.Store;

/// <summary><see cref="StoreReader.ReadIndexFile"/> is the full read without the per-entry objects: same entries, same errors.</summary>
public class StoreIndexTests
{
    private static readonly Gen<string> Keys = Gen.Elements("\"a\"", "\"\\u0061\"", "\"b\"", "\"agent:main:x\"", "\"\\ud800\"", "\"é😀\"", "\"10\"");

    private static readonly Gen<string> Values = Gen.Elements(
        "{}", "{\"updatedAt\":5}", "{\"updatedAt\":5,\"updatedAt\":\"x\"}", "{\"updatedAt\":\"x\",\"updatedAt\":7.5}", "{\"updat\\u0065dAt\":3}",
        "{\"sessionId\":\"s\",\"updatedAt\":1e400}", "{\"n\":{\"updatedAt\":9},\"updatedAt\":-0}", "[1,{\"updatedAt\":2}]", "null", "\"text\"", "12",
        "{\"updatedAt\":1776061122123,\"sessionId\":\"abc\"}", "{\"x\":[1,2,", "{\"updatedAt\":}");

    private static readonly Gen<string> Stores =
        from members in Gen.ListOf(from key in Keys from value in Values select key + ":" + value).Select(l => l.Take(6).ToList())
        from tail in Gen.Elements("", "\n", " x")
        select "{" + string.Join(",", members) + "}" + tail;

    [Property(MaxTest = 500)]
    public Property The_index_reads_what_the_full_read_reads_or_refuses_what_it_refuses() => Prop.ForAll(Stores.ToArbitrary(), text =>
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        SessionStoreSnapshot? full = null;
        StoreFormatException? fullError = null;
        StoreIndex? index = null;
        StoreFormatException? indexError = null;
        try
        {
            full = StoreReader.Parse(bytes, "/s/sessions.json");
        }
        catch (StoreFormatException e)
        {
            fullError = e;
        }

        try
        {
            index = StoreReader.ParseIndex(bytes, "/s/sessions.json");
        }
        catch (StoreFormatException e)
        {
            indexError = e;
        }

        if (fullError is not null)
        {
            return (indexError is not null && indexError.Message == fullError.Message && indexError.ByteOffset == fullError.ByteOffset).Label($"{fullError.Message} / {indexError?.Message}");
        }

        return (index is not null && index.Count == full!.Entries.Count
            && Enumerable.Range(0, index.Count).All(i =>
                index.Key(i) == full.Entries[i].Key && index.KeyToken(i) == full.Entries[i].KeyToken && index.Value(i) == full.Entries[i].Value
                && index.UpdatedAt(i) == full.Entries[i].Fields.UpdatedAt && index.IsObject(i) == full.Entries[i].Fields.IsObject
                && index.Fields(i).SessionId == full.Entries[i].Fields.SessionId)).Label(indexError?.Message ?? "entries differ");
    });

    [Fact]
    public void Keys_that_only_look_different_are_one_duplicate_key()
    {
        var act = () => StoreReader.ParseIndex(Encoding.UTF8.GetBytes("{\"b\":1,\"a\":{},\"\\u0061\":2}"), "/s/sessions.json");

        var error = act.Should().Throw<StoreFormatException>().Which;
        error.Problem.Should().Be("duplicate key \"a\" (first at byte offset 7)");
        error.ByteOffset.Should().Be(14);
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":2,\"c\":3}", null)]
    [InlineData("{\"a\":1,\"b\":2,\"\\u0062\":3}", "duplicate key \"b\" (first at byte offset 7)")]
    [InlineData("{\"a\":1,\"b\":2,\"c\":3,\"a\":4}", "duplicate key \"a\" (first at byte offset 1)")]
    public void Keys_whose_hashes_collide_are_told_apart_by_their_text(string text, string? duplicate)
    {
        // Every key hashes alike: each is compared with every earlier one through the collision chain.
        var act = () => StoreReader.ParseIndex(Encoding.UTF8.GetBytes(text), "/s/sessions.json", keyHash: _ => 42);

        if (duplicate is null)
        {
            act().Count.Should().Be(3);
        }
        else
        {
            act.Should().Throw<StoreFormatException>().Which.Problem.Should().Be(duplicate);
        }
    }

    [Fact]
    public void A_missing_file_is_an_empty_index()
    {
        var index = StoreReader.ReadIndexFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "sessions.json"));

        index.Exists.Should().BeFalse();
        index.Count.Should().Be(0);
    }
}
