using System.Text.Json;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using SessionCloser.Store;

namespace SessionCloser.Benchmarks;

/// <summary>
/// <see cref="StoreReader.Parse"/> on bytes already in memory: UTF-8 check, one pass of <see cref="Utf8JsonReader"/>
/// over the file, and a second one over each entry to pull out its fields. The two lower bounds show where the time goes.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class StoreReaderBenchmarks
{
    private byte[] _bytes = [];

    [Params("2k", "20k", "100MB")]
    public string Store { get; set; } = "2k";

    [GlobalSetup]
    public void Setup()
    {
        var state = BenchState.Named(Store);
        state.EnsureGenerated();
        _bytes = File.ReadAllBytes(state.PristineStorePath);
    }

    [Benchmark(Description = "Parse (spans + fields)")]
    public object? Parse() => StoreReader.Parse(_bytes, "sessions.json");

    /// <summary>Lower bound 1: the UTF-8 validation Parse starts with.</summary>
    [Benchmark(Description = "lower bound: Utf8.IsValid")]
    public bool ValidateUtf8() => Utf8.IsValid(_bytes);

    /// <summary>Lower bound 2: one tokenizing pass over the whole file, nothing kept.</summary>
    [Benchmark(Description = "lower bound: Utf8JsonReader pass")]
    public int Tokenize()
    {
        var reader = new Utf8JsonReader(_bytes, new JsonReaderOptions { MaxDepth = 4096 });
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }
}
