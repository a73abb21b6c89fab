using System.Globalization;
using System.Text;
using AwesomeAssertions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Closing;
using SessionCloser.Keys;
using SessionCloser.Store;

namespace SessionCloser.Tests.Closing;

/// <summary>
/// A close that names its sessions looks them up in the store (<see cref="StoreKeyLookup"/>) instead of grouping every
/// key: it must resolve every argument to the same session, through the same key, as the selection that reads them all.
/// </summary>
public class SelectionLookupTests
{
    private const string Agent = "project-lead";

    // Keys in the spellings a store may hold: case variants, whitespace (ASCII and not), preserved Signal and Matrix
    // ids, legacy project- keys, the Kelvin sign (lowercases to an ASCII k), other non-ASCII letters.
    private static readonly string[] Bases =
    [
        "agent:project-lead:acme",
        "agent:project-lead:project-acme",
        "agent:project-lead:kite",
        "agent:project-lead:project-kite",
        "agent:project-lead:main",
        "agent:project-lead:signal:group:AbC",
        "agent:project-lead:matrix:channel:!Room:thread:X",
        "agent:project-lead:café",
        "agent:other:acme",
        "global",
        "main",
        "unknown",
    ];

    [Property(MaxTest = 300)]
    public Property Every_argument_resolves_as_the_selection_of_every_key_resolves_it() => Prop.ForAll(
        Gen.Choose(0, int.MaxValue).ToArbitrary(),
        seed =>
        {
            var random = new Random(seed);
            var keys = new List<string>();
            for (var i = random.Next(0, 25); i > 0; i--)
            {
                var key = Spell(Bases[random.Next(Bases.Length)], random);
                if (!keys.Contains(key))
                {
                    keys.Add(key);
                }
            }

            var snapshot = StoreReader.Parse(Encoding.UTF8.GetBytes(Store(keys, random)), "/s/sessions.json");
            string[] projectIds = ["acme", "ACME", " Acme ", "kite", "KITE", "main", "global", "café", "CAFÉ", "nothing"];
            var arguments = Enumerable.Range(0, 8)
                .Select(_ => random.Next(3) switch
                {
                    0 => projectIds[random.Next(projectIds.Length)],
                    1 when keys.Count > 0 => keys[random.Next(keys.Count)],
                    _ => Spell(Bases[random.Next(Bases.Length)], random),
                })
                .ToList();
            var rules = random.Next(2) == 0 ? KeyCaseRules.PreserveOpaquePeerIds : KeyCaseRules.FullLowercase;
            var request = new CloseRequest { StorePath = "/s/sessions.json", AgentId = Agent, Mode = CloseMode.Close, Arguments = arguments, KeyRules = rules };
            var all = new Selection<StoreEntry>(request, snapshot.Entries);
            var lookedUp = new Selection<StoreEntry>(request, new StoreKeyLookup(snapshot.Entries, rules));

            return arguments.All(argument => Describe(all, argument) == Describe(lookedUp, argument))
                .Label($"keys: {string.Join(" | ", keys)}; arguments: {string.Join(" | ", arguments)}; {rules}");
        });

    [Fact]
    public void Every_argument_naming_one_session_gets_the_same_session_object()
    {
        var snapshot = StoreReader.Parse(Encoding.UTF8.GetBytes("{\"agent:project-lead:acme\":{\"updatedAt\":1},\"AGENT:project-lead:ACME\":{\"updatedAt\":2}}"), "/s/sessions.json");
        var request = new CloseRequest { StorePath = "/s/sessions.json", AgentId = Agent, Mode = CloseMode.Close, Arguments = [] };
        var selection = new Selection<StoreEntry>(request, new StoreKeyLookup(snapshot.Entries, request.KeyRules));

        var byId = selection.Resolve("acme")!.Value.Session;
        var byKey = selection.Resolve("AGENT:project-lead:ACME")!.Value.Session;

        byKey.Should().BeSameAs(byId);
        byId.Keys.Should().Equal("agent:project-lead:acme", "AGENT:project-lead:ACME");
        byId.Newest.Key.Should().Be("AGENT:project-lead:ACME");
    }

    [Fact]
    public void A_selection_by_lookup_is_only_for_a_close_that_names_its_sessions()
    {
        var snapshot = StoreReader.Parse("{}"u8.ToArray(), "/s/sessions.json");
        var keepOnly = new CloseRequest { StorePath = "/s/sessions.json", AgentId = Agent, Mode = CloseMode.KeepOnly, Arguments = [] };

        var act = () => new Selection<StoreEntry>(keepOnly, new StoreKeyLookup(snapshot.Entries, keepOnly.KeyRules));

        act.Should().Throw<ArgumentException>();
    }

    /// <summary>What an argument resolves to: the session's keys in order, the key that matched, whether it is protected; or the error.</summary>
    private static string Describe(Selection<StoreEntry> selection, string argument)
    {
        try
        {
            return selection.Resolve(argument) is { } match
                ? $"{string.Join(" | ", match.Session.Keys)} by {match.Key}{(selection.IsProtected(match.Session) ? " (protected)" : "")} newest {match.Session.Newest.Key}"
                : "none";
        }
        catch (Errors.SessionCloserException e)
        {
            return "error: " + e.Message;
        }
    }

    /// <summary>A spelling of <paramref name="key"/>: letters in random case, maybe padded, maybe a k as the Kelvin sign.</summary>
    private static string Spell(string key, Random random)
    {
        var spelled = new StringBuilder();
        foreach (var c in key)
        {
            spelled.Append(random.Next(4) switch
            {
                0 => char.ToUpperInvariant(c),
                1 when c == 'k' => '\u212A',
                _ => c,
            });
        }

        string[] pads = ["", "", "", " ", "\t", "\u00A0"];
        return pads[random.Next(pads.Length)] + spelled + pads[random.Next(pads.Length)];
    }

    /// <summary>A store of <paramref name="keys"/>, each character written plainly or, at random, as a \u escape.</summary>
    private static string Store(List<string> keys, Random random)
    {
        var text = new StringBuilder("{");
        for (var i = 0; i < keys.Count; i++)
        {
            text.Append(i == 0 ? "\"" : ",\"");
            foreach (var c in keys[i])
            {
                text.Append(c < 0x20 || c is '"' or '\\' || random.Next(20) == 0 ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString());
            }

            text.Append(CultureInfo.InvariantCulture, $"\":{{\"updatedAt\":{random.Next(1, 4)}}}");
        }

        return text.Append('}').ToString();
    }
}
