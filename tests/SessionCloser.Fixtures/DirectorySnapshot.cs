using System.Security.Cryptography;
using System.Text;

namespace SessionCloser.Fixtures;

/// <summary>Every file and dir under a root: relative name, mode, symlink target and content hash.</summary>
public sealed record DirectorySnapshot(string Root, IReadOnlyDictionary<string, string> Items)
{
    public static DirectorySnapshot Take(string root)
    {
        var items = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var name = Path.GetRelativePath(root, info.FullName);
            var mode = Convert.ToString((int)info.UnixFileMode, 8);
            items[name] = info switch
            {
                _ when info.LinkTarget is { } target => $"link {mode} -> {target}",
                DirectoryInfo => $"dir {mode}",
                FileInfo file => $"file {mode} {file.Length} sha256:{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file.FullName)))}",
                _ => "other",
            };
        }

        return new DirectorySnapshot(root, items);
    }

    /// <summary>Lines naming every difference; empty when identical.</summary>
    public IReadOnlyList<string> DiffTo(DirectorySnapshot after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var lines = new List<string>();
        foreach (var name in Items.Keys.Union(after.Items.Keys).Order(StringComparer.Ordinal))
        {
            var was = Items.GetValueOrDefault(name);
            var now = after.Items.GetValueOrDefault(name);
            if (was != now)
            {
                lines.Add($"{name}: {was ?? "(absent)"} => {now ?? "(absent)"}");
            }
        }

        return lines;
    }

    public override string ToString() => new StringBuilder().AppendJoin('\n', Items.Select(i => $"{i.Key}: {i.Value}")).ToString();
}
