using System.Security.Cryptography;

namespace SessionCloser.Tests.Support;

/// <summary>
/// Every file and directory under a root: relative path, kind, mode, link target and content hash. Two equal
/// snapshots mean "nothing on disk changed", which is what every refusal must guarantee.
/// </summary>
internal sealed record DirectorySnapshot(IReadOnlyList<string> Lines)
{
    public static DirectorySnapshot Of(string root)
    {
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path);
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                lines.Add($"link {relative} -> {target}");
            }
            else if (Directory.Exists(path))
            {
                lines.Add($"dir  {relative} {File.GetUnixFileMode(path)}");
            }
            else
            {
                lines.Add($"file {relative} {File.GetUnixFileMode(path)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}");
            }
        }

        return new DirectorySnapshot(lines);
    }

    public override string ToString() => string.Join('\n', Lines);

    public bool Equals(DirectorySnapshot? other) => other is not null && Lines.SequenceEqual(other.Lines);

    public override int GetHashCode() => Lines.Count;
}
