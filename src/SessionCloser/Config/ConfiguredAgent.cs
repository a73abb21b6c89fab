namespace SessionCloser.Config;

/// <summary>One entry of <c>agents.list</c>.</summary>
/// <param name="Id">The normalized id (what names the store directory).</param>
/// <param name="RawId">The id as written in the config, after <c>${VAR}</c> substitution.</param>
/// <param name="IsDefault">Whether the entry says <c>default: true</c>.</param>
internal sealed record ConfiguredAgent(string Id, string RawId, bool IsDefault);
