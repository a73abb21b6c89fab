namespace SessionCloser.Store;

/// <summary>A half-open range <c>[Start, Start + Length)</c> of bytes in a store file.</summary>
internal readonly record struct ByteSpan(int Start, int Length)
{
    public int End => Start + Length;

    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> file) => file.Slice(Start, Length);

    public override string ToString() => $"[{Start}..{End})";
}
