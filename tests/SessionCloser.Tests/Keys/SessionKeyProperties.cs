using AwesomeAssertions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Errors;
using SessionCloser.Keys;


namespace SessionCloser.Tests.Keys;

public class SessionKeyProperties
{
    private static readonly KeyCaseRules[] BothRules = [KeyCaseRules.PreserveOpaquePeerIds, KeyCaseRules.FullLowercase];

    private static Gen<string> Keys => Gen.Choose(0, int.MaxValue).Select(seed => KeySamples.Build(new Random(seed)));

    private static Gen<string> CaseVariant(string key) =>
        Gen.ArrayOf(Gen.Elements(true, false), key.Length).Select(flips =>
            string.Concat(key.Select((c, i) => flips[i] ? char.ToUpperInvariant(c) : c)));

    [Property]
    public Property Normalize_is_idempotent() => Prop.ForAll(Keys.ToArbitrary(), key =>
        BothRules.All(rules => SessionKeys.Normalize(SessionKeys.Normalize(key, rules), rules) == SessionKeys.Normalize(key, rules)));

    [Property]
    public Property Normalize_is_idempotent_on_any_string(NonNull<string> key) => Prop.ToProperty(
        BothRules.All(rules => SessionKeys.Normalize(SessionKeys.Normalize(key.Get, rules), rules) == SessionKeys.Normalize(key.Get, rules)));

    [Property]
    public Property Same_session_is_an_equivalence_consistent_with_Normalize() =>
        Prop.ForAll(Gen.Three(Keys).ToArbitrary(), keys =>
        {
            var (a, b, c) = keys;
            foreach (var rules in BothRules)
            {
                SessionKeys.AreSameSession(a, a, rules).Should().BeTrue();
                SessionKeys.AreSameSession(a, b, rules).Should().Be(SessionKeys.AreSameSession(b, a, rules));
                SessionKeys.AreSameSession(a, b, rules).Should().Be(SessionKeys.Normalize(a, rules) == SessionKeys.Normalize(b, rules));
                SessionKeys.AreSameSession(a, SessionKeys.Normalize(a, rules), rules).Should().BeTrue();
                if (SessionKeys.AreSameSession(a, b, rules) && SessionKeys.AreSameSession(b, c, rules))
                {
                    SessionKeys.AreSameSession(a, c, rules).Should().BeTrue();
                }

                var comparer = SessionKeyComparer.For(rules);
                if (comparer.Equals(a, b))
                {
                    comparer.GetHashCode(a).Should().Be(comparer.GetHashCode(b));
                }
            }
        });

    [Property]
    public Property Case_variants_of_a_fully_lowercased_family_key_are_one_session()
    {
        string[] ascii = ["discord:channel:", "telegram:group:-100:topic:", "slack:channel:c1:thread:", "cron:job:run:", "subagent:", "whatsapp:direct:+"];
        var keys =
            from family in Gen.Elements(ascii)
            from id in Gen.Elements("AbC", "123", "x.Y-z", "Zz9")
            from agent in Gen.Elements("main", "Work", "a_b")
            select $"agent:{agent}:{family}{id}";
        var pairs = from key in keys from variant in CaseVariant(key) select (key, variant);
        return Prop.ForAll(pairs.ToArbitrary(), pair =>
            SessionKeys.AreSameSession(pair.key, pair.variant) && SessionKeys.AreSameSession(pair.key, pair.variant, KeyCaseRules.FullLowercase));
    }

    [Property]
    public Property Case_variants_outside_the_opaque_id_are_one_session()
    {
        var pairs =
            from id in Gen.Elements("AbC+dE/fG==", "!AbC:Matrix.Org")
            from prefix in Gen.Elements("agent:main:signal:group:", "agent:main:matrix:channel:")
            from variant in CaseVariant(prefix)
            select (prefix + id, variant + id);
        return Prop.ForAll(pairs.ToArbitrary(), pair => SessionKeys.AreSameSession(pair.Item1, pair.Item2));
    }

    [Property]
    public Property Candidates_never_throw_on_printable_input_and_always_parse_with_the_agent()
    {
        var printable = Gen.Choose(0x20, 0x2FF).Select(c => (char)c).Where(c => !char.IsControl(c));
        var arguments =
            from chars in Gen.NonEmptyListOf(printable)
            let text = new string([.. chars])
            where TrimmedLowered(text).Length > 0 && TrimmedLowered(text)[0] != ':'
            select text;
        var agents = Gen.Elements("main", "Work", "My Bot", "", "a_b-c", "!!!");
        return Prop.ForAll(Gen.Two(arguments).Zip(agents).ToArbitrary(), input =>
        {
            var ((argument, _), agentId) = input;
            var candidates = ProjectIdResolver.Candidates(argument, agentId);
            candidates.Should().NotBeEmpty();
            foreach (var candidate in candidates.Where(c => c.Rule is CandidateRule.ProjectId or CandidateRule.LegacyProjectId or CandidateRule.MainAlias))
            {
                var parsed = SessionKeys.Parse(candidate.Key);
                parsed.Should().NotBeNull(candidate.Key);
                parsed!.AgentId.Should().Be(AgentIds.Normalize(agentId));
                SessionKeys.Normalize(candidate.Key).Should().Be(candidate.Key);
            }
        });
    }

    [Property]
    public Property Candidates_fail_only_with_a_usage_error(NonNull<string> argument)
    {
        try
        {
            ProjectIdResolver.Candidates(argument.Get, "main");
            return Prop.ToProperty(true);
        }
        catch (SessionCloserException e)
        {
            return Prop.ToProperty(e.ExitCode == ExitCode.Usage);
        }
    }

    private static string TrimmedLowered(string text) => SessionKeys.Normalize(text, KeyCaseRules.FullLowercase);
}
