namespace SessionCloser.Keys;

/// <summary>Which OpenClaw release line's store-key case folding to apply.</summary>
/// <remarks>
/// The default is <see cref="PreserveOpaquePeerIds"/>: it is what the current file-backed OpenClaw (era B) does,
/// and on an era-A store it agrees for every key OpenClaw itself wrote (era A stored keys fully lowercased).
/// The only keys it keeps apart that era A merged are Signal groups and Matrix rooms whose ids differ only in case;
/// those ids are case-sensitive, so treating them as one session could close somebody else's conversation.
/// </remarks>
internal enum KeyCaseRules
{
    /// <summary>Era B (2026.5.2 → 2026.7.x, verified against npm 2026.7.35): lowercase everything except
    /// Signal <c>group</c> segments and the tail of Matrix <c>channel</c>/<c>group</c> keys.</summary>
    PreserveOpaquePeerIds = 0,

    /// <summary>Era A (≤ 2026.4.29): trim and lowercase the whole key.</summary>
    FullLowercase = 1,
}
