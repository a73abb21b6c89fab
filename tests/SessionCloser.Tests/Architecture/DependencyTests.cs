using AwesomeAssertions;

namespace SessionCloser.Tests.Architecture;

/// <summary>The engine's namespaces form layers: a change to one never needs a change to a namespace it is used by.</summary>
public sealed class DependencyTests
{
    private static readonly NamespaceGraph Engine = NamespaceGraph.Of(typeof(Errors.ExitCode).Assembly.Location, "SessionCloser");

    [Fact]
    public void Engine_namespaces_have_no_dependency_cycles()
    {
        var cycles = Engine.Cycles();
        var explained = cycles.Select(cycle => string.Join(" <-> ", cycle) + ": " + string.Join("; ",
            from a in cycle from b in cycle where Engine.Edges[a].Contains(b) select Engine.Example(a, b)));
        cycles.Should().BeEmpty("namespaces must not depend on each other in a circle:\n" + string.Join("\n", explained));
    }

    [Fact]
    public void The_database_reader_sits_right_above_the_store()
    {
        // Database reads OpenClaw's SQLite read-only; it must not reach up into listing, closing, backends or operations.
        Engine.Edges.Should().ContainKey("SessionCloser.Database");
        Engine.Edges["SessionCloser.Database"].Should().BeSubsetOf(
            ["SessionCloser.Store", "SessionCloser.Sessions", "SessionCloser.JavaScript", "SessionCloser.Errors", "SessionCloser.FileSystem"]);
    }

    [Fact]
    public void The_sessions_directory_inventory_sits_above_the_operation_log_and_below_every_command()
    {
        // Inventory classifies files by the rules of the layers below it; purge and report build on it, never the reverse.
        Engine.Edges.Should().ContainKey("SessionCloser.Inventory");
        Engine.Edges["SessionCloser.Inventory"].Should().BeSubsetOf(
            ["SessionCloser.Undo", "SessionCloser.Transactions", "SessionCloser.Artifacts", "SessionCloser.Locking", "SessionCloser.Store", "SessionCloser.FileSystem", "SessionCloser.Errors"]);
    }

    [Fact]
    public void The_purge_sits_above_the_inventory_and_the_operation_log_and_below_the_operations()
    {
        // Purging decides from the inventory, the live references and the log; only Operations uses it. It never reaches
        // into closing, backends or the gateway: a purge deletes files, it closes nothing.
        Engine.Edges.Should().ContainKey("SessionCloser.Purging");
        Engine.Edges["SessionCloser.Purging"].Should().BeSubsetOf(
            ["SessionCloser.Inventory", "SessionCloser.Undo", "SessionCloser.Transactions", "SessionCloser.Artifacts", "SessionCloser.Locking", "SessionCloser.Store",
             "SessionCloser.Database", "SessionCloser.Eras", "SessionCloser.Config", "SessionCloser.FileSystem", "SessionCloser.Errors"]);
        Engine.Edges.Where(e => e.Value.Contains("SessionCloser.Purging")).Select(e => e.Key).Should().BeSubsetOf(["SessionCloser.Operations"]);
    }

    [Fact]
    public void The_disk_report_only_reads_what_the_layers_below_it_know()
    {
        // Reporting (report) reads stores, databases and directories; it never reaches a backend, the gateway or a closer.
        Engine.Edges.Should().ContainKey("SessionCloser.Reporting");
        Engine.Edges["SessionCloser.Reporting"].Should().BeSubsetOf(
            ["SessionCloser.Inventory", "SessionCloser.Listing", "SessionCloser.Database", "SessionCloser.Installation", "SessionCloser.Maintenance", "SessionCloser.Undo",
             "SessionCloser.Artifacts", "SessionCloser.Store", "SessionCloser.Keys", "SessionCloser.Eras", "SessionCloser.Config", "SessionCloser.FileSystem", "SessionCloser.Errors"]);
        Engine.Edges["SessionCloser.Operations"].Should().Contain("SessionCloser.Reporting");
    }

    [Fact]
    public void The_graph_sees_dependencies_made_inside_method_bodies()
    {
        // A guard against a blind reader: closing really uses the store reader, the lock and the journal.
        Engine.Edges.Should().ContainKey("SessionCloser.Closing");
        Engine.Edges["SessionCloser.Closing"].Should().Contain(["SessionCloser.Store", "SessionCloser.Locking"]);
    }
}
