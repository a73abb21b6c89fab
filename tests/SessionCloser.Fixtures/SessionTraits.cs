namespace SessionCloser.Fixtures;

internal enum TranscriptNaming
{
    Plain,
    Topic,
    Fork,
}

/// <summary>Which on-disk features one session gets. Random, but forced once early so every feature always appears.</summary>
internal sealed record SessionTraits(
    TranscriptNaming Naming,
    SessionFileStyle Style,
    bool TranscriptMissing,
    int Checkpoints,
    bool Trajectory,
    bool ResetArchive,
    bool Lock,
    bool PromptRef,
    bool LoneSurrogate)
{
    /// <param name="coverageSlot">0..9 for the first non-main sessions, which each force one feature; otherwise -1.</param>
    public static SessionTraits Decide(FixtureRandom random, PlannedKey planned, int coverageSlot, bool allowLoneSurrogates, bool allowMissing = true)
    {
        var naming = planned.Family == SessionKeyFamily.TelegramTopic ? TranscriptNaming.Topic
            : coverageSlot == 7 || (planned.Family != SessionKeyFamily.Main && random.Chance(0.04)) ? TranscriptNaming.Fork
            : TranscriptNaming.Plain;
        var style = ChooseStyle(random, naming, coverageSlot);
        var missing = (coverageSlot == 3 || (coverageSlot < 0 && planned.Family != SessionKeyFamily.Main && random.Chance(0.04))) && allowMissing;
        var checkpoints = coverageSlot == 0 ? 2 : random.Chance(0.08) ? random.Between(1, 2) : 0;
        var trajectory = coverageSlot == 1 || random.Chance(0.15);
        var resetArchive = coverageSlot == 4 || random.Chance(0.06);
        var locked = coverageSlot == 2 || random.Chance(0.01);
        var promptRef = coverageSlot == 9 || random.Chance(0.35);
        var loneSurrogate = allowLoneSurrogates && (coverageSlot == 8 || random.Chance(0.005));

        // A missing transcript has nothing derived from it on disk.
        return missing
            ? new(naming, style, true, 0, false, resetArchive, false, promptRef, loneSurrogate)
            : new(naming, style, false, checkpoints, trajectory, resetArchive, locked, promptRef, loneSurrogate);
    }

    private static SessionFileStyle ChooseStyle(FixtureRandom random, TranscriptNaming naming, int coverageSlot)
    {
        if (naming == TranscriptNaming.Fork)
        {
            return SessionFileStyle.Absolute;
        }

        if (coverageSlot == 5)
        {
            return SessionFileStyle.Relative;
        }

        // Without sessionFile, OpenClaw resolves <sessionId>.jsonl, so only plain names may omit it.
        if (naming == TranscriptNaming.Plain && (coverageSlot == 6 || random.Chance(0.1)))
        {
            return SessionFileStyle.Absent;
        }

        return random.Chance(0.1) ? SessionFileStyle.Relative : SessionFileStyle.Absolute;
    }
}
