using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Closing;
using SessionCloser.Keys;
using static SessionCloser.Tests.Selecting.SelectorTestStore;

namespace SessionCloser.Tests.Selecting;

/// <summary>
/// For random stores (every key shape, labels, chatTypes, spawned children, archived sessions, ties and missing
/// updatedAt) and random selectors: protected sessions are never picked; the conditions combine with AND; keep-last
/// keeps exactly the newest N of each group; every picked session meets every condition set.
/// </summary>
public sealed class SelectorProperties
{
    private const long Day = 86_400_000;
    private const long Now = 400 * Day;

    private static readonly string[] Shapes =
    [
        "agent:a:main", "main", "global", "unknown", "agent:a:MAIN", "agent:main:main",
        "agent:a:proj{0}", "agent:a:project-p{0}", "agent:a:cron:job{1}", "agent:a:cron:job{1}:run:r{0}", "agent:a:subagent:s{0}",
        "agent:a:telegram:group:g{0}", "agent:a:discord:channel:c{0}", "agent:a:slack:direct:u{0}:thread:t{0}", "agent:a:telegram:group:g{0}:topic:{0}",
        "agent:a:hook:h{0}", "agent:a:node-n{0}", "agent:a:explicit:e{0}", "agent:a:heartbeat", "agent:b:proj{0}", "hook:bare{0}",
        "agent:a:whatsapp:direct:+{0}", "agent:a:Proj{0}",
    ];

    private static readonly string?[] Labels = [null, null, "Acme", "Beta"];
    private static readonly string?[] ChatTypes = [null, null, null, "direct", "group", "channel", "thread"];

    private static Gen<TestRecord> RecordGen =>
        from shape in Gen.Elements(Shapes)
        from n in Gen.Choose(0, 6)
        from job in Gen.Choose(0, 2)
        from age in Gen.OneOf(Gen.Choose(0, 300).Select(d => (double?)(Now - (d * Day))), Gen.Constant<double?>(null), Gen.Constant<double?>(Now - (10 * Day)))
        from label in Gen.Elements(Labels)
        from chatType in Gen.Elements(ChatTypes)
        from spawned in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from archived in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        select TestRecord.Of(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, n, job), age, label, chatType, spawned, archived);

    private static Gen<List<TestRecord>> StoreGen =>
        Gen.ListOf(RecordGen).Select(records => records.DistinctBy(r => r.Key).ToList());

    private static Gen<SelectorCriteria> CriteriaGen =>
        from olderThan in Gen.OneOf(Gen.Constant<long?>(null), Gen.Choose(1, 200).Select(d => (long?)(d * Day)))
        from globs in Gen.SubListOf(["agent:a:*", "*:run:*", "agent:?:proj[0-3]", "*group*", "agent:b:*", "main"])
        from kinds in Gen.SubListOf(SessionKindNames.All.ToArray())
        from archived in Gen.Elements<bool?>(null, true, false)
        from except in Gen.SubListOf(["proj1", "agent:a:cron:job0", "agent:a:main", "p2"])
        from keepLast in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 3).Select(k => (int?)k))
        from includeGroups in Gen.Elements(false, true)
        select new SelectorCriteria
        {
            NowMs = Now,
            OlderThanMs = olderThan,
            Match = [.. globs.Select(Glob)],
            Kinds = [.. kinds],
            Archived = archived,
            Except = [.. except],
            KeepLast = keepLast,
            IncludeGroups = includeGroups,
        };

    [Property(MaxTest = 300)]
    public Property Protected_sessions_are_never_picked() => Prop.ForAll(StoreGen.ToArbitrary(), CriteriaGen.ToArbitrary(), (store, criteria) =>
    {
        var picked = Picked(criteria, store);
        var request = Request(criteria);
        var main = store.Where(r => MainSessionKeys.IsProtected(r.Key, Agent)).Select(r => r.Key);
        var otherAgents = store.Where(r => SessionKeys.Parse(r.Key)?.OwnerAgentId is { } owner && owner != Agent).Select(r => r.Key);
        var groups = store.Where(r => SelectorEvaluation.KindOf(r.Key, request.MainKey, r.Facts) is "group" or "channel" or "thread" or "topic"
            || r.Facts.ChatType is "group" or "channel" or "thread").Select(r => r.Key);
        return (!picked.Overlaps(main)).Label("no main session or alias, global or unknown")
            .And(!picked.Overlaps(otherAgents)).Label("no other agent's session")
            .And(criteria.IncludeGroups || !picked.Overlaps(groups)).Label("no group, channel, thread or topic without --include-groups");
    });

    [Property(MaxTest = 300)]
    public Property Conditions_combine_with_AND() => Prop.ForAll(StoreGen.ToArbitrary(), CriteriaGen.ToArbitrary(), (store, criteria) =>
    {
        var bare = new SelectorCriteria { NowMs = Now, IncludeGroups = criteria.IncludeGroups };
        var singles = new List<SelectorCriteria>();
        if (criteria.OlderThanMs is not null)
        {
            singles.Add(bare with { OlderThanMs = criteria.OlderThanMs });
        }

        if (criteria.Match.Count > 0)
        {
            singles.Add(bare with { Match = criteria.Match });
        }

        if (criteria.Kinds.Count > 0)
        {
            singles.Add(bare with { Kinds = criteria.Kinds });
        }

        if (criteria.Archived is not null)
        {
            singles.Add(bare with { Archived = criteria.Archived });
        }

        if (criteria.Except.Count > 0)
        {
            singles.Add(bare with { Except = criteria.Except });
        }

        if (criteria.KeepLast is not null)
        {
            singles.Add(bare with { KeepLast = criteria.KeepLast });
        }

        var expected = Picked(bare, store);
        foreach (var single in singles)
        {
            expected.IntersectWith(Picked(single, store));
        }

        return Picked(criteria, store).SetEquals(expected).Label("picked by all = the intersection of each condition alone");
    });

    [Property(MaxTest = 300)]
    public Property Keep_last_keeps_exactly_the_newest_N_of_each_group() => Prop.ForAll(StoreGen.ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), (store, keep) =>
    {
        var criteria = new SelectorCriteria { NowMs = Now, KeepLast = keep };
        var picked = Picked(criteria, store, protect: false);
        var selection = new Selection<TestRecord>(Request(criteria), store);
        var groups = selection.Sessions.GroupBy(s => SelectorEvaluation.GroupOf(s, s.Kind!, Agent));
        return groups.All(group =>
        {
            var kept = group.Where(s => !picked.Contains(s.Newest.Key)).ToList();
            var closed = group.Where(s => picked.Contains(s.Newest.Key)).ToList();
            return kept.Count == Math.Min(keep, group.Count())
                && kept.All(k => closed.All(c => (k.Newest.UpdatedAt ?? double.NegativeInfinity) >= (c.Newest.UpdatedAt ?? double.NegativeInfinity)));
        }).Label("each group keeps min(N, size) sessions, none older than one picked");
    });

    [Property(MaxTest = 300)]
    public Property A_picked_session_meets_every_condition_set() => Prop.ForAll(StoreGen.ToArbitrary(), CriteriaGen.ToArbitrary(), (store, criteria) =>
    {
        var selection = new Selection<TestRecord>(Request(criteria), store);
        var verdicts = SelectorEvaluation.Evaluate(criteria, selection, protect: true);
        var excepted = criteria.Except.Select(e => selection.Resolve(e)?.Session).OfType<Sessions.SessionVariants<TestRecord>>().ToHashSet();
        return verdicts.Where(v => v.Value.Picked).All(v =>
        {
            var session = v.Key;
            var updated = session.Newest.UpdatedAt;
            return (criteria.Kinds.Count == 0 || criteria.Kinds.Contains(session.Kind!))
                && (criteria.Match.Count == 0 || session.Keys.Any(k => criteria.Match.Any(g => g.IsMatch(k))))
                && (criteria.Archived is null || session.Newest.Facts.Archived == criteria.Archived)
                && (criteria.OlderThanMs is null || updated is null || updated <= 0 || Now - updated >= criteria.OlderThanMs)
                && !excepted.Contains(session);
        }).Label("kind, match, archived, age and except all hold for every picked session")
            .And(verdicts.Where(v => !v.Value.Picked).All(v => !string.IsNullOrEmpty(v.Value.Reason))).Label("every session left says why");
    });
}
