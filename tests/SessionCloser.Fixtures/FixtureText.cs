namespace SessionCloser.Fixtures;

/// <summary>Realistic strings, deliberately heavy on emoji, CJK, RTL, combining marks and control characters.</summary>
internal static class FixtureText
{
    public static readonly string[] Labels =
    [
        "Release 🚀 planning", "Webshop relaunch", "项目讨论：数据库迁移", "مشروع العميل الجديد", "פרויקט לקוח", "Café ☕ ops",
        "Cafe\u0301 combining", "👩‍💻 pairing session", "Ночной отчёт", "Größenänderung & Co.", "日本語のメモ", "🇩🇪 Steuer 2026",
        "Bug #1234 \"quoted\"", "path\\with\\backslashes", "tabs\tinside", "emoji 🧪🔬 lab", "한국어 채팅", "ελληνικά", "Q3 OKRs 📈",
        "mixed עברית and English", "zero\u200bwidth", "नमस्ते टीम",
    ];

    public static readonly string[] ProjectIds =
    [
        "webshop-relaunch", "infra-migration", "mobile-app", "data-warehouse", "docs-site", "billing-v2", "onboarding", "ml-pipeline",
    ];

    public static readonly string[] CronJobs = ["nightly-digest", "backup-check", "inbox-triage", "weekly-report", "price-watch", "standup-reminder"];

    public static readonly string[] Models =
    [
        "claude-sonnet-4-6", "claude-opus-4-6", "gpt-5.2", "gemini-3-pro", "claude-haiku-4-5",
    ];

    public static readonly string[] Providers = ["anthropic", "openai", "google", "openrouter"];

    public static readonly string[] Subjects = ["Team chat 🚀", "#general", "Ops-Alarme ⚠️", "家族群", "line1\nline2", "bell\u0007char", "Support «VIP»"];

    public static readonly string[] TopicIds = ["42", "7", "1337", "général/üx", "a b+c", "🧵"];

    public static readonly string[] Cwds =
    [
        "/home/dev/projects/webshop", "/home/dev/Projekte/größe", "/srv/openclaw/workspace", "/home/dev/项目/app", "/tmp/scratch dir",
    ];

    public static readonly string[] MessageWords =
    [
        "deploy", "the", "build", "failed", "because", "of", "a", "flaky", "test", "🚀", "日本", "مرحبا", "ok", "let's", "retry",
        "with", "--force", "\"quoted\"", "path\\to\\file", "naïve", "über", "✅", "line\nbreak", "tab\there", "☕", "𝄞",
    ];

    /// <summary>A label truncated mid-emoji: a lone high surrogate at the end, as naive truncation leaves it.</summary>
    public static string TruncatedEmojiLabel(string label) => label + " 🚀"[..2];
}
