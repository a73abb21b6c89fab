using System.Text.Json;

namespace SessionCloser.FileSystem;

/// <summary>JSON files written as they are made (a keep-only's journal and record list 100,000+ items).</summary>
internal static class JsonFileStreaming
{
    /// <summary>How much a writer buffers before it hands the text on to its file.</summary>
    public const int FlushAt = 1 << 20;

    /// <summary>Called per item: hands the pending text on to the stream once more than <see cref="FlushAt"/> bytes wait.</summary>
    public static void FlushWhenFull(this Utf8JsonWriter writer)
    {
        if (writer.BytesPending > FlushAt)
        {
            writer.Flush();
        }
    }
}
